package dev.jtrack.models.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A promotion condition such as {@code f1_score_macro > champion.f1_score_macro + 0.01}, parsed
 * with a small strict grammar:
 * <pre>
 * condition  := comparison ( "and" comparison )*
 * comparison := sum ( "&gt;" | "&gt;=" | "&lt;" | "&lt;=" | "==" | "!=" ) sum
 * sum        := term ( ( "+" | "-" ) term )*
 * term       := NUMBER | metric | "champion." metric | "challenger." metric
 * </pre>
 * A bare metric is the challenger's. Anything else (parentheses, {@code or}, unknown words) is
 * refused with the position of the mistake.
 */
public final class PromotionRule {
    private final String text;
    private final List<Comparison> comparisons;

    private PromotionRule(String text, List<Comparison> comparisons) {
        this.text = text;
        this.comparisons = comparisons;
    }

    /** Parses {@code text}; IllegalArgumentException with the position and what was expected. */
    public static PromotionRule parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("the promotion condition is empty");
        return new Parser(text).condition();
    }

    /** The condition as written. */
    public String text() {
        return text;
    }

    /** True when this condition refers to the champion's metrics. */
    public boolean needsChampion() {
        for (Comparison c : comparisons) {
            for (Term t : c.left.terms) if ("champion".equals(t.model)) return true;
            for (Term t : c.right.terms) if ("champion".equals(t.model)) return true;
        }
        return false;
    }

    /**
     * Evaluates the condition; IllegalArgumentException when it names a metric the model lacks.
     *
     * @param champion the champion's metrics (may be empty when {@link #needsChampion()} is false)
     */
    public boolean holds(Map<String, Double> challenger, Map<String, Double> champion) {
        for (Comparison c : comparisons) {
            double l = c.left.value(challenger, champion);
            double r = c.right.value(challenger, champion);
            boolean ok = switch (c.op) {
                case ">" -> l > r;
                case ">=" -> l >= r;
                case "<" -> l < r;
                case "<=" -> l <= r;
                case "==" -> l == r;
                default -> l != r;
            };
            if (!ok) return false;
        }
        return true;
    }

    /** Each side of each comparison with its value, e.g. {@code 0.93 > 0.91 (0.90 + 0.01)}, for the record. */
    public String explain(Map<String, Double> challenger, Map<String, Double> champion) {
        List<String> parts = new ArrayList<>();
        for (Comparison c : comparisons) {
            parts.add(c.left.text + " = " + c.left.value(challenger, champion) + " " + c.op + " " + c.right.text + " = "
                    + c.right.value(challenger, champion));
        }
        return String.join(" and ", parts);
    }

    @Override
    public String toString() {
        return text;
    }

    private record Term(double sign, Double number, String model, String metric) {
        double value(Map<String, Double> challenger, Map<String, Double> champion) {
            if (number != null) return sign * number;
            Map<String, Double> of = "champion".equals(model) ? champion : challenger;
            Double v = of.get(metric);
            if (v == null) {
                throw new IllegalArgumentException("the " + model + " has no metric '" + metric + "'; it has " + of.keySet());
            }
            return sign * v;
        }
    }

    private record Sum(List<Term> terms, String text) {
        double value(Map<String, Double> challenger, Map<String, Double> champion) {
            double s = 0;
            for (Term t : terms) s += t.value(challenger, champion);
            return s;
        }
    }

    private record Comparison(Sum left, String op, Sum right) {}

    /** A hand-written recursive-descent parser: the grammar is five lines, a parser library would be larger. */
    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        PromotionRule condition() {
            List<Comparison> out = new ArrayList<>();
            out.add(comparison());
            while (true) {
                skipSpace();
                if (pos >= s.length()) break;
                int at = pos;
                String word = word();
                if (!word.equals("and")) throw error(at, "expected 'and' or the end of the condition");
                out.add(comparison());
            }
            return new PromotionRule(s.strip(), List.copyOf(out));
        }

        private Comparison comparison() {
            Sum left = sum();
            skipSpace();
            int at = pos;
            String op = null;
            for (String o : List.of(">=", "<=", "==", "!=", ">", "<")) {
                if (s.startsWith(o, pos)) {
                    op = o;
                    pos += o.length();
                    break;
                }
            }
            if (op == null) throw error(at, "expected a comparison (>, >=, <, <=, ==, !=)");
            return new Comparison(left, op, sum());
        }

        private Sum sum() {
            skipSpace();
            int start = pos;
            List<Term> terms = new ArrayList<>();
            terms.add(term(1));
            while (true) {
                skipSpace();
                if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                    double sign = s.charAt(pos) == '+' ? 1 : -1;
                    pos++;
                    terms.add(term(sign));
                } else {
                    break;
                }
            }
            return new Sum(List.copyOf(terms), s.substring(start, pos).strip());
        }

        private Term term(double sign) {
            skipSpace();
            int at = pos;
            if (pos >= s.length()) throw error(at, "expected a number or a metric name");
            char c = s.charAt(pos);
            if (Character.isDigit(c) || c == '.') { // a number (a metric starting with a digit goes in backquotes)
                while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.'
                        || s.charAt(pos) == 'e' || s.charAt(pos) == 'E'
                        || (s.charAt(pos) == '-' || s.charAt(pos) == '+') && (s.charAt(pos - 1) == 'e' || s.charAt(pos - 1) == 'E'))) {
                    pos++;
                }
                try {
                    return new Term(sign, Double.parseDouble(s.substring(at, pos)), null, null);
                } catch (NumberFormatException e) {
                    throw error(at, "'" + s.substring(at, pos) + "' is not a number");
                }
            }
            String word = word();
            if (word.isEmpty()) throw error(at, "expected a number or a metric name");
            if (word.equals("and")) throw error(at, "expected a number or a metric name, not 'and'");
            int dot = word.indexOf('.');
            if (dot >= 0) {
                String model = word.substring(0, dot);
                String metric = word.substring(dot + 1);
                if (!model.equals("champion") && !model.equals("challenger")) {
                    throw error(at, "'" + model + ".' is not champion. or challenger.");
                }
                if (metric.isEmpty() || metric.contains(".")) throw error(at, "expected " + model + ".<metric>");
                return new Term(sign, null, model, metric);
            }
            return new Term(sign, null, "challenger", word);
        }

        /** A name: letters, digits, _ and .; a part in backquotes may hold anything else ({@code `val-loss`}). */
        private String word() {
            StringBuilder w = new StringBuilder();
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (Character.isLetterOrDigit(c) || c == '_' || c == '.') {
                    w.append(c);
                    pos++;
                } else if (c == '`') {
                    int close = s.indexOf('`', pos + 1);
                    if (close < 0) throw error(pos, "a closing backquote");
                    if (close == pos + 1) throw error(pos, "a metric name between the backquotes");
                    w.append(s, pos + 1, close);
                    pos = close + 1;
                } else {
                    break;
                }
            }
            return w.toString();
        }

        private void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++;
        }

        private IllegalArgumentException error(int at, String expected) {
            return new IllegalArgumentException("bad promotion condition at character " + (at + 1) + ": " + expected
                    + "\n  " + s + "\n  " + " ".repeat(at) + "^");
        }
    }
}

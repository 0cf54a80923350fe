package dev.jtrack.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.IntValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Between GraphQL and the REST replies it is answered from: field names (camelCase there,
 * snake_case here), protobuf defaults for fields a reply omits, and MLflow's {@code LongString}
 * scalar (an int64 sent as a string).
 */
final class GraphqlValues {
    private GraphqlValues() {}

    /** int64 as a string on the way out; an integer or a numeric string on the way in. */
    static final GraphQLScalarType LONG_STRING = GraphQLScalarType.newScalar()
            .name("LongString")
            .description("Long converted to string to prevent truncation to max integer in JavaScript")
            .coercing(new Coercing<Object, String>() {
                @Override
                public String serialize(Object value, GraphQLContext context, Locale locale) {
                    return value instanceof JsonNode n ? n.asText() : String.valueOf(value);
                }

                @Override
                public Object parseValue(Object input, GraphQLContext context, Locale locale) {
                    try {
                        return Long.parseLong(String.valueOf(input).trim());
                    } catch (NumberFormatException e) {
                        throw new CoercingParseValueException("Expected an integer, got '" + input + "'");
                    }
                }

                @Override
                public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
                    if (input instanceof IntValue i) return i.getValue().longValueExact();
                    if (input instanceof StringValue s) return parseValue(s.getValue(), context, locale);
                    throw new CoercingParseLiteralException("Expected an integer");
                }
            })
            .build();

    /** snake_case of a camelCase GraphQL name: {@code experimentIds} → {@code experiment_ids}. */
    static String snake(String camel) {
        StringBuilder b = new StringBuilder(camel.length() + 4);
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                b.append('_').append(Character.toLowerCase(c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** The REST request for a field's {@code input} argument: snake_case names, nulls left out. */
    static ObjectNode request(Object input) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        if (input instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                JsonNode value = json(v);
                if (!value.isNull()) out.set(snake(String.valueOf(k)), value);
            });
        }
        return out;
    }

    private static JsonNode json(Object v) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (v == null) return f.nullNode();
        if (v instanceof Map<?, ?>) return request(v);
        if (v instanceof List<?> list) {
            ArrayNode a = f.arrayNode();
            list.forEach(item -> a.add(json(item)));
            return a;
        }
        if (v instanceof Boolean b) return f.booleanNode(b);
        if (v instanceof Integer i) return f.numberNode(i);
        if (v instanceof Long l) return f.numberNode(l);
        if (v instanceof Number n) return f.numberNode(n.doubleValue());
        return f.textNode(String.valueOf(v));
    }

    /**
     * The default resolver: the source reply's field of the same (snake_case) name, typed for
     * GraphQL; an omitted field reads as protobuf's default, a non-finite float as null.
     */
    static Object field(DataFetchingEnvironment env) {
        Object source = env.getSource();
        if (!(source instanceof JsonNode node)) {
            return source instanceof Map<?, ?> map ? map.get(env.getFieldDefinition().getName()) : null;
        }
        JsonNode value = node.get(snake(env.getFieldDefinition().getName()));
        return typed(value, GraphQLTypeUtil.unwrapNonNull(env.getFieldType()));
    }

    private static Object typed(JsonNode value, GraphQLType type) {
        boolean missing = value == null || value.isNull();
        if (type instanceof GraphQLList list) {
            List<Object> out = new ArrayList<>();
            if (!missing && value.isArray()) {
                GraphQLType item = GraphQLTypeUtil.unwrapNonNull(list.getWrappedType());
                value.forEach(v -> out.add(typed(v, item)));
            }
            return out;
        }
        if (type instanceof GraphQLObjectType) {
            return missing ? null : value;
        }
        if (type instanceof GraphQLEnumType) {
            return missing ? null : value.asText();
        }
        String scalar = type instanceof GraphQLScalarType s ? s.getName() : "";
        switch (scalar) {
            case "Float":
                if (missing) return 0.0;
                double d = value.isNumber() ? value.doubleValue() : parseDouble(value.asText());
                return Double.isFinite(d) ? d : null;
            case "Int":
                return missing ? 0 : value.asInt();
            case "Boolean":
                return !missing && value.asBoolean();
            case "LongString":
                return missing ? "0" : value.asText();
            default:
                return missing ? "" : value.asText();
        }
    }

    private static double parseDouble(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}

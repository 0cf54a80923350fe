package dev.jtrack.store.sql;

import java.util.concurrent.ThreadLocalRandom;

/** Generates MLflow-style run names such as {@code bold-owl-417}. */
final class RunNames {

    private static final String[] ADJECTIVES = {
        "able", "bold", "brave", "bright", "calm", "clever", "crisp", "dapper", "eager", "fair", "fast", "fine",
        "gentle", "glad", "grand", "handy", "honest", "jolly", "keen", "kind", "lively", "lucky", "merry", "mild",
        "neat", "nimble", "noble", "polite", "proud", "quick", "quiet", "rare", "sharp", "shy", "smart", "snug",
        "steady", "sunny", "swift", "tidy", "upbeat", "vast", "warm", "wise", "witty", "zesty"
    };
    private static final String[] NOUNS = {
        "ant", "bass", "bat", "bee", "bird", "boar", "carp", "cat", "colt", "crab", "crow", "deer", "dove", "duck",
        "eel", "elk", "finch", "fox", "frog", "goat", "gull", "hare", "hawk", "hen", "horse", "jay", "koi", "lark",
        "lion", "lynx", "mole", "moth", "mule", "newt", "owl", "panda", "pig", "ram", "robin", "seal", "shrew",
        "slug", "snail", "squid", "stag", "swan", "toad", "trout", "vole", "wasp", "whale", "wolf", "wren", "yak"
    };

    private RunNames() {}

    static String next() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return ADJECTIVES[r.nextInt(ADJECTIVES.length)] + "-" + NOUNS[r.nextInt(NOUNS.length)] + "-" + r.nextInt(1000);
    }
}

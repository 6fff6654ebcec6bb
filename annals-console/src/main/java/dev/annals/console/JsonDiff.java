package dev.annals.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Where two JSON documents differ, by JSON Pointer: what a snapshot holds against what the fold gives. */
final class JsonDiff {

    /** The most differences listed; a state that differs everywhere is not listed in full. */
    static final int MAX_DIFFERENCES = 200;

    /** One difference; a side is null where it has nothing at {@code pointer}. */
    record Difference(String pointer, @Nullable JsonNode left, @Nullable JsonNode right) {
    }

    private JsonDiff() {
    }

    static List<Difference> of(JsonNode left, JsonNode right) {
        List<Difference> differences = new ArrayList<>();
        compare("", left, right, differences);
        return differences;
    }

    private static void compare(String pointer, @Nullable JsonNode left, @Nullable JsonNode right, List<Difference> out) {
        if (out.size() >= MAX_DIFFERENCES) {
            return;
        }
        if (left != null && right != null && left.isObject() && right.isObject()) {
            Set<String> names = new LinkedHashSet<>();
            left.fieldNames().forEachRemaining(names::add);
            right.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                compare(pointer + "/" + name.replace("~", "~0").replace("/", "~1"), left.get(name), right.get(name), out);
            }
        } else if (left != null && right != null && left.isArray() && right.isArray()) {
            Iterator<JsonNode> l = left.elements();
            Iterator<JsonNode> r = right.elements();
            for (int i = 0; l.hasNext() || r.hasNext(); i++) {
                compare(pointer + "/" + i, l.hasNext() ? l.next() : null, r.hasNext() ? r.next() : null, out);
            }
        } else if (left == null || !left.equals(right)) {
            out.add(new Difference(pointer.isEmpty() ? "/" : pointer, left, right));
        }
    }
}

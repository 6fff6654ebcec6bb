package dev.annals.console;

import java.util.StringJoiner;
import org.owasp.encoder.Encode;

/**
 * HTML written with every piece of data escaped by the OWASP Java Encoder for the place it goes: text, an
 * attribute value, a URL's query component. Markup is only ever written from constants ({@link #tag}).
 * Not thread-safe.
 */
final class Html {

    private final StringBuilder out = new StringBuilder(4096);

    /** Markup the console wrote itself; never data. */
    Html tag(String markup) {
        out.append(markup);
        return this;
    }

    /** Data as text content. */
    Html text(Object data) {
        out.append(Encode.forHtmlContent(String.valueOf(data)));
        return this;
    }

    /** Data as a quoted attribute value: {@code name="…"}. */
    Html attr(String name, Object data) {
        out.append(' ').append(name).append("=\"").append(Encode.forHtmlAttribute(String.valueOf(data))).append('"');
        return this;
    }

    /** A link to a console page: {@code <a href="path?k=v…">text</a>}, every part escaped. */
    Html link(String text, String path, String... params) {
        return tag("<a").attr("href", url(path, params)).tag(">").text(text).tag("</a>");
    }

    Html hidden(String name, Object value) {
        return tag("<input type=\"hidden\"").attr("name", name).attr("value", value).tag(">");
    }

    /** A console path with query parameters ({@code k1, v1, k2, v2, …}); pairs with an empty value are left out. */
    static String url(String path, String... params) {
        if (params.length % 2 != 0) {
            throw new IllegalArgumentException("parameters come in pairs");
        }
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        for (int i = 0; i < params.length; i += 2) {
            if (params[i + 1] != null && !params[i + 1].isEmpty()) {
                query.add(Encode.forUriComponent(params[i]) + "=" + Encode.forUriComponent(params[i + 1]));
            }
        }
        return path + query;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}

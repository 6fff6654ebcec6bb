package dev.annals.console;

/** The frame of every page: head with the console's own style sheet and script, the navigation, the store's name. */
final class Layout {

    enum Section { OVERVIEW, STREAMS, LOG, SUBSCRIPTIONS, NONE }

    private Layout() {
    }

    static String page(String title, Section section, String store, Html body) {
        Html page = new Html();
        page.tag("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .tag("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .tag("<title>").text(title + " · Annals console").tag("</title>")
                .tag("<link rel=\"stylesheet\" href=\"/static/console.css\">")
                .tag("<script src=\"/static/console.js\" defer></script></head><body>")
                .tag("<header><nav><span class=\"brand\">Annals</span>");
        nav(page, "Overview", "/", section == Section.OVERVIEW);
        nav(page, "Streams", "/streams", section == Section.STREAMS);
        nav(page, "Log", "/log", section == Section.LOG);
        nav(page, "Subscriptions", "/subscriptions", section == Section.SUBSCRIPTIONS);
        page.tag("<span class=\"store\">").text(store).tag("</span></nav></header><main>")
                .tag("<h1>").text(title).tag("</h1>")
                .tag(body.toString())
                .tag("</main></body></html>");
        return page.toString();
    }

    private static void nav(Html page, String text, String path, boolean current) {
        page.tag(current ? "<a class=\"current\"" : "<a").attr("href", path).tag(">").text(text).tag("</a>");
    }
}

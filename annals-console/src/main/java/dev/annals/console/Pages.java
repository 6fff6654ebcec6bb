package dev.annals.console;

import dev.annals.Annals;
import dev.annals.SnapshotVerification;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/** The pages, each a GET that reads and never writes, and the one POST that writes ({@link Actions}). */
final class Pages {

    private final Annals annals;
    private final String store;
    private final OverviewPage overview;
    private final StreamsPage streams;
    private final StreamPage stream;
    private final LogPage log;
    private final SubscriptionsPage subscriptions;
    private final Actions actions;

    Pages(Annals annals, SnapshotVerification verification, Sampler sampler, CsrfToken csrf) {
        this.annals = annals;
        this.store = annals.inspect().describe();
        this.overview = new OverviewPage(annals, sampler);
        this.streams = new StreamsPage(annals.inspect());
        this.stream = new StreamPage(annals.inspect(), verification);
        this.log = new LogPage(annals.eventLog());
        this.subscriptions = new SubscriptionsPage(annals, sampler);
        this.actions = new Actions(annals, csrf);
    }

    void overview(Request request) throws IOException {
        request.sendHtml(200, Layout.page("Overview", Layout.Section.OVERVIEW, store, overview.render()));
    }

    void streams(Request request) throws IOException {
        request.sendHtml(200, Layout.page("Streams", Layout.Section.STREAMS, store, streams.render(request)));
    }

    void stream(Request request) throws IOException {
        String name = StreamPage.name(request);
        request.sendHtml(200, Layout.page(name, Layout.Section.STREAMS, store, stream.render(request, name)));
    }

    void rawEvent(Request request) throws IOException {
        stream.raw(request);
    }

    void log(Request request) throws IOException {
        request.sendHtml(200, Layout.page("Log", Layout.Section.LOG, store, log.render(request)));
    }

    void subscriptions(Request request) throws IOException {
        request.sendHtml(200, Layout.page("Subscriptions", Layout.Section.SUBSCRIPTIONS, store, subscriptions.render(request)));
    }

    void confirm(Request request) throws IOException {
        request.sendHtml(200, Layout.page("Confirm", Layout.Section.SUBSCRIPTIONS, store, actions.confirmation(request)));
    }

    void action(Request request) throws IOException {
        request.redirect(actions.perform(request));
    }

    void error(Request request, int status, @Nullable String message) throws IOException {
        String title = switch (status) {
            case 400 -> "Bad request";
            case 403 -> "Refused";
            case 404 -> "Not found";
            default -> "Error";
        };
        request.sendHtml(status, Layout.page(title, Layout.Section.NONE, store,
                new Html().tag("<p class=\"error\">").text(message == null ? "(no message)" : message).tag("</p>")));
    }

    @Override
    public String toString() {
        return "Pages[" + annals + "]";
    }
}

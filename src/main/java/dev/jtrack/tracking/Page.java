package dev.jtrack.tracking;

import java.util.List;

/**
 * One page of a paged search.
 *
 * @param items the results on this page
 * @param nextPageToken an opaque token for the next page, or null when this is the last page
 * @param <T> the item type
 */
public record Page<T>(List<T> items, String nextPageToken) {
    public Page {
        items = List.copyOf(items);
    }

    /** Whether there is a further page. */
    public boolean hasNext() {
        return nextPageToken != null;
    }
}

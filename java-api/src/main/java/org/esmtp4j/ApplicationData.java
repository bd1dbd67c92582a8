package org.esmtp4j;

import java.util.function.Consumer;

/**
 * Application data attached to a session, message, recipient or ETRN node, with an optional
 * release callback: libESMTP's {@code *_set_application_data_release} family.
 */
final class ApplicationData {

    private Object data;
    private Consumer<Object> release;

    /**
     * Stores new data. As in libESMTP, the old release callback is called on the old data when
     * both are present, even when the new data is the same object.
     */
    @SuppressWarnings("unchecked")
    <T> void set(T newData, Consumer<? super T> newRelease) {
        releaseCurrent();
        data = newData;
        release = (Consumer<Object>) newRelease;
    }

    Object get() {
        return data;
    }

    /** Calls the release callback, if any, and forgets the data (session close). */
    void releaseCurrent() {
        Object old = data;
        Consumer<Object> oldRelease = release;
        data = null;
        release = null;
        if (old != null && oldRelease != null) {
            oldRelease.accept(old);
        }
    }
}

package org.esmtp4j.bench.load;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Measures how much live heap a session holds: the heap in use after a full GC before the
 * session, against the largest heap-in-use-after-GC seen while it runs (every collection's
 * "after" figure, from GC notifications) and after a full GC at its end, taken while the session
 * is still open. Garbage that a collection frees does not count; a buffered message does.
 */
public final class HeapWatch implements AutoCloseable {

    private final Set<String> heapPools = new HashSet<>();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onGc;
    private final AtomicLong maxAfterGc = new AtomicLong();
    private final AtomicInteger collections = new AtomicInteger();
    private final long baseline;

    private HeapWatch() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPools.add(pool.getName());
            }
        }
        this.baseline = usedAfterFullGc();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
    }

    /**
     * Takes the baseline (after a full GC) and starts watching.
     *
     * @return the watch
     */
    public static HeapWatch start() {
        return new HeapWatch();
    }

    private void onGc(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        long used = 0;
        for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(e.getKey())) {
                used += e.getValue().getUsed();
            }
        }
        collections.incrementAndGet();
        maxAfterGc.accumulateAndGet(used, Math::max);
    }

    /**
     * Ends the watch with a last full GC: call it while the session still holds what it holds.
     *
     * @return the growth in bytes over the baseline (0 if the heap shrank)
     */
    public long growth() {
        long end = usedAfterFullGc();
        try {
            Thread.sleep(100); // GC notifications arrive on another thread
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Math.max(0, Math.max(end, maxAfterGc.get()) - baseline);
    }

    /** @return the number of collections seen while watching (including the final full GC) */
    public int collections() {
        return collections.get();
    }

    private static long usedAfterFullGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Override
    public void close() {
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(listener);
            } catch (javax.management.ListenerNotFoundException ignored) {
                // already gone
            }
        }
    }
}

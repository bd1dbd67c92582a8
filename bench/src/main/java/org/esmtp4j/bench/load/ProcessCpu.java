package org.esmtp4j.bench.load;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;

/**
 * The CPU time the whole process (every thread: the session, the JIT compilers, the garbage
 * collector) has used so far. Taken before and after a session it tells the work a client does
 * apart from the time it spends waiting, which on a loaded machine includes waiting for a core.
 */
public final class ProcessCpu {

    private ProcessCpu() {
    }

    /** @return process CPU time in seconds (user + system) */
    public static double seconds() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }
}

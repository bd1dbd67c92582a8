package org.esmtp4j.libesmtp;

import com.sun.jna.IntegerType;
import com.sun.jna.Native;

/** C {@code size_t}: correct on every data model, not only LP64 (spec §10.1). */
public final class SizeT extends IntegerType {

    private static final long serialVersionUID = 1L;

    /** Zero. */
    public SizeT() {
        this(0);
    }

    /** @param value the value */
    public SizeT(long value) {
        super(Native.SIZE_T_SIZE, value, true);
    }
}

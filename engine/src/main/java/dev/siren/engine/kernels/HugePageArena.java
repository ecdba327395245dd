package dev.siren.engine.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A shared arena for a model's packed weights that puts large allocations on 2 MB pages where Linux offers
 * transparent huge pages. Every forward pass streams all the weights (85 MB for bge-small, far beyond the L2 TLB's
 * reach with 4 KB pages); with 2 MB pages a 64-token bge-small call ran 13 % faster (docs/BENCHMARKS.md).
 * <p>
 * Off unless the system property {@code siren.huge.pages} or the environment variable {@code SIREN_HUGE_PAGES} is
 * {@code true}: 64-token calls gained, but batch-32 throughput at 128 tokens measured 5 % lower in 3 of 4 alternating
 * rounds, so it is not yet the default.
 * <p>
 * Large allocations are cut from chunks of anonymous memory mapped through libc ({@code mmap}, aligned to 2 MB,
 * {@code madvise(MADV_HUGEPAGE)}), so they come zeroed like any arena's; the chunks are unmapped when the arena
 * closes. Elsewhere (not Linux, transparent huge pages "never", or native access not enabled for this code, which
 * would otherwise print the JVM's warning) and for small allocations it is a plain {@link Arena#ofShared()}.
 * Thread-safe.
 */
public final class HugePageArena implements Arena {

    private static final long HUGE_PAGE = 2L << 20;
    private static final long CHUNK = 32L << 20;
    /** Smaller allocations (biases, norms, tiny models) are not worth a chunk. */
    private static final long MIN_BYTES = 256L << 10;
    private static final Libc LIBC = Libc.find();

    private final Arena owner = Arena.ofShared();
    private MemorySegment chunk = MemorySegment.NULL;
    private long used;

    /** A new arena; {@link #summary()} says whether its large allocations get 2 MB pages here. */
    public static Arena ofShared() {
        return new HugePageArena();
    }

    /** Whether large allocations get 2 MB pages on this machine and JVM. */
    public static boolean enabled() {
        return LIBC.error == null;
    }

    /** One line for {@code siren --version} and benchmarks. */
    public static String summary() {
        return LIBC.error == null ? "weights on 2 MB pages (transparent huge pages)" : "weights on default pages: " + LIBC.error;
    }

    @Override
    public synchronized MemorySegment allocate(long byteSize, long byteAlignment) {
        if (LIBC.error != null || byteSize < MIN_BYTES || byteAlignment > HUGE_PAGE) {
            return owner.allocate(byteSize, byteAlignment);
        }
        long start = (used + byteAlignment - 1) / byteAlignment * byteAlignment;
        if (start + byteSize > chunk.byteSize()) {
            MemorySegment mapped = LIBC.map(Math.max(CHUNK, (byteSize + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE), owner);
            if (mapped == null) {
                return owner.allocate(byteSize, byteAlignment);
            }
            chunk = mapped;
            start = 0;
        }
        used = start + byteSize;
        return chunk.asSlice(start, byteSize);
    }

    @Override
    public MemorySegment.Scope scope() {
        return owner.scope();
    }

    @Override
    public void close() {
        owner.close();
    }

    /** mmap, madvise and munmap of the C library, or why they cannot be used. */
    private record Libc(MethodHandle mmap, MethodHandle madvise, MethodHandle munmap, String error) {

        private static final int PROT_READ_WRITE = 0x1 | 0x2;
        private static final int MAP_PRIVATE_ANONYMOUS = 0x02 | 0x20;
        private static final int MADV_HUGEPAGE = 14;

        static Libc find() {
            if (!Boolean.parseBoolean(System.getProperty("siren.huge.pages", System.getenv("SIREN_HUGE_PAGES")))) {
                return unusable("off (siren.huge.pages / SIREN_HUGE_PAGES)");
            }
            if (!System.getProperty("os.name", "").startsWith("Linux")) {
                return unusable("not Linux");
            }
            if (!HugePageArena.class.getModule().isNativeAccessEnabled()) {
                return unusable("native access not enabled (--enable-native-access=ALL-UNNAMED)");
            }
            try {
                Path setting = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
                if (Files.isReadable(setting) && Files.readString(setting).contains("[never]")) {
                    return unusable("transparent huge pages are off (" + setting + ": never)");
                }
                Linker linker = Linker.nativeLinker();
                SymbolLookup libc = linker.defaultLookup();
                return new Libc(
                        linker.downcallHandle(libc.findOrThrow("mmap"),
                                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG)),
                        linker.downcallHandle(libc.findOrThrow("madvise"),
                                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT)),
                        linker.downcallHandle(libc.findOrThrow("munmap"),
                                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG)),
                        null);
            } catch (Exception | LinkageError e) {
                return unusable("libc's mmap/madvise not reachable: " + e);
            }
        }

        private static Libc unusable(String why) {
            return new Libc(null, null, null, why);
        }

        /** {@code bytes} (a multiple of 2 MB) of zeroed memory on a 2 MB boundary, unmapped with {@code owner}; null if mmap fails. */
        MemorySegment map(long bytes, Arena owner) {
            long mappedBytes = bytes + HUGE_PAGE; // room to move the start to a 2 MB boundary
            try {
                MemorySegment mapped = (MemorySegment) mmap.invokeExact(MemorySegment.NULL, mappedBytes, PROT_READ_WRITE,
                        MAP_PRIVATE_ANONYMOUS, -1, 0L);
                if (mapped.address() == -1L) {
                    return null;
                }
                long aligned = (mapped.address() + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
                // no huge pages after all (e.g. refused by the kernel) only costs speed, so its result is not checked
                int ignored = (int) madvise.invokeExact(MemorySegment.ofAddress(aligned), bytes, MADV_HUGEPAGE);
                return MemorySegment.ofAddress(aligned).reinterpret(bytes, owner, segment -> unmap(mapped, mappedBytes));
            } catch (Throwable e) {
                throw new IllegalStateException("mmap of " + mappedBytes + " bytes failed", e);
            }
        }

        private void unmap(MemorySegment mapped, long bytes) {
            try {
                int ignored = (int) munmap.invokeExact(mapped, bytes);
            } catch (Throwable e) {
                throw new IllegalStateException("munmap failed", e);
            }
        }
    }
}

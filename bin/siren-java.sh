# Sourced by ./siren and by the distribution's bin/siren: how the siren command starts its JVM.

# Java decodes command-line arguments with the locale's charset: under a C/POSIX locale every non-ASCII character of a
# TEXT argument would arrive as '?'. Use a UTF-8 locale whatever the caller's.
case "$(locale charmap 2>/dev/null)" in UTF-8) ;; *) export LC_ALL=C.UTF-8 ;; esac

# siren_java_flags COMMAND: the JVM flags for that siren command, in the array SIREN_JAVA_FLAGS. The Vector API is an
# incubator module in JDK 25; the engine maps model files with FFM.
siren_java_flags() {
  SIREN_JAVA_FLAGS=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED)
  if [ "${1:-}" = serve ]; then
    # A long-running service: a capped heap (the backbone's weights live off the heap, so the heap holds requests,
    # queues and activations, not the model) and G1, which returns memory the heap no longer uses to the system
    # (ParallelGC keeps a grown young generation for good). SIREN_JAVA_OPTS with its own -Xmx or collector wins.
    case " ${SIREN_JAVA_OPTS:-} " in *" -Xmx"*) ;; *) SIREN_JAVA_FLAGS+=(-Xmx1g) ;; esac
    case " ${SIREN_JAVA_OPTS:-} " in *" -XX:+Use"*GC*) ;; *) SIREN_JAVA_FLAGS+=(-XX:+UseG1GC -XX:G1PeriodicGCInterval=30000) ;; esac
  else
    SIREN_JAVA_FLAGS+=(-XX:+UseParallelGC)
  fi
}

# siren_exec JAVA CLASSPATH ARGS...: replaces this shell with the siren command ARGS, run by the java at JAVA with the
# flags above, the array SIREN_AOT_FLAGS (if set) and $SIREN_JAVA_OPTS. The JVM's note that an incubator module is in
# use is kept off stderr.
siren_exec() {
  local java="$1" classpath="$2"
  shift 2
  siren_java_flags "${1:-}"
  exec "$java" "${SIREN_JAVA_FLAGS[@]}" ${SIREN_AOT_FLAGS[@]+"${SIREN_AOT_FLAGS[@]}"} ${SIREN_JAVA_OPTS:-} \
    -cp "$classpath" dev.siren.cli.SirenCli "$@" 2> >(grep --line-buffered -v 'WARNING: Using incubator modules' >&2)
}

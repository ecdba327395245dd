# Sourced by ./siren, ./run-tests and .ci/run: points JAVA_HOME at a JDK 25 (the project needs the
# Vector API and FFM of JDK 25; the machine's default java may be older).
siren_find_jdk25() {
  local candidates=("${SIREN_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25* /usr/lib/jvm/*25* /opt/java/*25*)
  local c
  for c in "${candidates[@]}"; do
    [ -n "$c" ] && [ -x "$c/bin/java" ] || continue
    if "$c/bin/java" -version 2>&1 | head -1 | grep -Eq 'version "(2[5-9]|[3-9][0-9])'; then
      export JAVA_HOME="$c"
      export PATH="$JAVA_HOME/bin:$PATH"
      # Maven's own libraries use sun.misc.Unsafe, which JDK 25 warns about; an older JDK would not even start with
      # this flag, so it is set here (for JDK 25 only) rather than in .mvn/jvm.config
      case " ${MAVEN_OPTS:-} " in *sun-misc-unsafe*) ;; *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;; esac
      return 0
    fi
  done
  echo "siren: no JDK 25 found (looked at \$SIREN_JAVA_HOME, \$JAVA_HOME and /usr/lib/jvm). Install Temurin 25 or set SIREN_JAVA_HOME." >&2
  return 1
}
siren_find_jdk25

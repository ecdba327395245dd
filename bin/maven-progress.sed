# Turns Maven's build log into what the siren launcher shows: one line per module as its build starts, and the
# errors. Maven 3.8 writes ANSI colour resets even in batch mode: strip them first. Run with sed -n.
s/\x1b\[[0-9;]*m//g
s/^\[INFO\] Building \(.*\) [^ ][^ ]* *\[\([0-9]*\/[0-9]*\)\]$/siren:   \2 \1/p
/^\[ERROR\]/p

package dev.siren.train.data;

/** A row that could not be used, with where it is and why. */
public record BadRow(String location, String reason) {

    @Override
    public String toString() {
        return location + ": " + reason;
    }
}

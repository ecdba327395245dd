package dev.siren.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code --threshold}: a decision threshold in [0, 1]; anything else is a usage error naming the value. */
final class ThresholdConverter implements ITypeConverter<Double> {

    @Override
    public Double convert(String value) {
        double t;
        try {
            t = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a number (expected a threshold in [0, 1])");
        }
        if (!(t >= 0 && t <= 1)) {
            throw new TypeConversionException("must be in [0, 1], got " + value);
        }
        return t;
    }
}

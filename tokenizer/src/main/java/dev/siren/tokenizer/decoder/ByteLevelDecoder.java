package dev.siren.tokenizer.decoder;

import dev.siren.tokenizer.model.ByteLevelAlphabet;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Maps byte-level characters back to bytes and decodes them as UTF-8, invalid sequences becoming U+FFFD. A token
 * with a character outside the alphabet (an added token such as "<|im_start|>" is inside it, but not every one is)
 * contributes its own UTF-8 bytes.
 */
public final class ByteLevelDecoder implements Decoder {

    @Override
    public List<String> decodeChain(List<String> tokens) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String token : tokens) {
            if (!appendMapped(token, bytes)) {
                bytes.writeBytes(token.getBytes(StandardCharsets.UTF_8));
            }
        }
        return List.of(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
    }

    private static boolean appendMapped(String token, ByteArrayOutputStream bytes) {
        byte[] mapped = new byte[token.length()];
        for (int i = 0; i < token.length(); i++) {
            int b = ByteLevelAlphabet.byteOf(token.charAt(i));
            if (b < 0) {
                return false;
            }
            mapped[i] = (byte) b;
        }
        bytes.writeBytes(mapped);
        return true;
    }
}

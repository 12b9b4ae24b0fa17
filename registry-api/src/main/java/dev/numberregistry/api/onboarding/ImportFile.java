package dev.numberregistry.api.onboarding;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads an import file line by line from a byte offset, counting lines and bytes, so that a run
 * can resume exactly where a checkpoint says the previous one stopped. Lines end with LF (a CR
 * before it is dropped); text is UTF-8, and a line that is not, or is longer than any import line
 * needs to be, is handed on as unreadable rather than guessed at.
 */
final class ImportFile implements Closeable {

    /**
     * More than the longest valid line (32 flags with 1,000-character notes, each character written
     * as a 6-byte JSON escape, is under 200 KiB), small enough to hold.
     */
    static final int MAX_LINE_BYTES = 1024 * 1024;

    /** One line: its 1-based number, its text or why it has none, and the offset just after it. */
    record Line(long number, String text, String unreadable, long endOffset) {
    }

    private final InputStream in;
    private final byte[] chunk = new byte[1 << 20];
    private int chunkLength;
    private int chunkPosition;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
    // One decoder for every line, reset before each, rather than one made a line.
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private long offset;
    private long lineNumber;

    private ImportFile(InputStream in, long offset, long lineNumber) {
        this.in = in;
        this.offset = offset;
        this.lineNumber = lineNumber;
    }

    /** Opens the file at {@code offset}, the start of line {@code linesBefore + 1}. */
    static ImportFile open(Path file, long offset, long linesBefore) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            channel.position(offset);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new ImportFile(Channels.newInputStream(channel), offset, linesBefore);
    }

    /** The next line, or null at the end of the file. */
    Line next() throws IOException {
        buffer.reset();
        long start = offset;
        boolean ended = false;
        while (!ended) {
            if (chunkPosition == chunkLength && !fill()) {
                break;
            }
            int from = chunkPosition;
            while (chunkPosition < chunkLength && chunk[chunkPosition] != '\n') {
                chunkPosition++;
            }
            // Past the limit a line is only counted, not kept: it is refused whole.
            int keep = Math.max(0, Math.min(chunkPosition - from, MAX_LINE_BYTES + 1 - buffer.size()));
            buffer.write(chunk, from, keep);
            offset += chunkPosition - from;
            if (chunkPosition < chunkLength) {
                chunkPosition++;
                offset++;
                ended = true;
            }
        }
        if (offset == start) {
            return null;
        }
        lineNumber++;
        if (buffer.size() > MAX_LINE_BYTES) {
            return new Line(lineNumber, null, "the line is longer than " + MAX_LINE_BYTES + " bytes", offset);
        }
        byte[] bytes = buffer.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        try {
            String text = utf8.reset().decode(ByteBuffer.wrap(bytes, 0, length)).toString();
            return new Line(lineNumber, text, null, offset);
        } catch (CharacterCodingException e) {
            return new Line(lineNumber, null, "the line is not UTF-8 text", offset);
        }
    }

    private boolean fill() throws IOException {
        int read = in.readNBytes(chunk, 0, chunk.length);
        chunkLength = Math.max(read, 0);
        chunkPosition = 0;
        return chunkLength > 0;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

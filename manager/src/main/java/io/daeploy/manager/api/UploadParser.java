package io.daeploy.manager.api;

import io.daeploy.manager.errors.DomainException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import org.apache.commons.fileupload2.core.AbstractFileUpload;
import org.apache.commons.fileupload2.core.DiskFileItem;
import org.apache.commons.fileupload2.core.DiskFileItemFactory;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.core.FileUploadSizeException;
import org.apache.commons.fileupload2.core.RequestContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Streams a {@code multipart/form-data} deploy upload: small text fields into memory, the
 * {@code file} part straight to disk, with a size limit that answers 413.
 */
public final class UploadParser {

    /** The parsed upload; {@code file} is null when no file part was sent. */
    public record Upload(Map<String, String> fields, Path file) {
    }

    private static final int MAX_FIELD_BYTES = 64 * 1024;

    private final long maxBytes;

    public UploadParser(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    public Upload parse(ServerRequest req, Path tempDir) {
        String contentType = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
        if (!contentType.toLowerCase().startsWith("multipart/form-data")) {
            throw DomainException.invalid("the deploy upload must be multipart/form-data with fields name, version,"
                    + " env and file; got Content-Type '" + contentType + "'");
        }
        long declared = req.headers().contentLength().orElse(-1);
        if (declared > maxBytes) {
            throw tooLarge();
        }
        Streaming upload = new Streaming();
        upload.setSizeMax(maxBytes);
        Map<String, String> fields = new HashMap<>();
        Path file = null;
        try {
            FileItemInputIterator items = upload.getItemIterator(new HelidonRequestContext(req, contentType, declared));
            while (items.hasNext()) {
                FileItemInput item = items.next();
                try (InputStream in = item.getInputStream()) {
                    if (item.isFormField()) {
                        byte[] value = in.readNBytes(MAX_FIELD_BYTES + 1);
                        if (value.length > MAX_FIELD_BYTES) {
                            throw DomainException.invalid("field '" + item.getFieldName() + "' is longer than 64 KB");
                        }
                        fields.put(item.getFieldName(), new String(value, StandardCharsets.UTF_8));
                    } else if ("file".equals(item.getFieldName()) && file == null) {
                        Files.createDirectories(tempDir);
                        file = Files.createTempFile(tempDir, "upload-", ".bin");
                        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                    } else {
                        in.transferTo(OutputStreamSink.INSTANCE);
                    }
                }
            }
            return new Upload(fields, file);
        } catch (FileUploadSizeException e) {
            deleteQuietly(file);
            throw tooLarge();
        } catch (FileUploadException e) {
            deleteQuietly(file);
            if (e.getCause() instanceof FileUploadSizeException) {
                throw tooLarge();
            }
            throw DomainException.malformed("the multipart upload cannot be read: " + e.getMessage());
        } catch (IOException e) {
            deleteQuietly(file);
            if (e.getCause() instanceof FileUploadSizeException) {
                throw tooLarge();
            }
            throw new UncheckedIOException("Cannot store the upload", e);
        } catch (RuntimeException e) {
            deleteQuietly(file);
            throw e;
        }
    }

    private DomainException tooLarge() {
        return DomainException.tooLarge("file is larger than the limit of "
                + maxBytes / (1024 * 1024) + " MB (DAEPLOY_MAX_UPLOAD_MB)");
    }

    public static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file left behind is harmless; it lives under the data directory's tmp folder
            }
        }
    }

    /** Discards a part nobody asked for. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }

    /** The streaming parser of commons-fileupload over any {@link RequestContext}. */
    private static final class Streaming extends AbstractFileUpload<RequestContext, DiskFileItem, DiskFileItemFactory> {

        @Override
        public FileItemInputIterator getItemIterator(RequestContext request) throws FileUploadException, IOException {
            return super.getItemIterator(request);
        }

        @Override
        public Map<String, List<DiskFileItem>> parseParameterMap(RequestContext request) throws FileUploadException {
            throw new UnsupportedOperationException("streaming only");
        }

        @Override
        public List<DiskFileItem> parseRequest(RequestContext request) throws FileUploadException {
            throw new UnsupportedOperationException("streaming only");
        }
    }

    private record HelidonRequestContext(ServerRequest req, String contentType, long contentLength) implements RequestContext {

        @Override
        public String getCharacterEncoding() {
            return StandardCharsets.UTF_8.name();
        }

        @Override
        public long getContentLength() {
            return contentLength;
        }

        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        public InputStream getInputStream() {
            return req.content().inputStream();
        }

        @Override
        public boolean isMultipartRelated() {
            return false;
        }
    }
}

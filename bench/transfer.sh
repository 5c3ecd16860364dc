#!/usr/bin/env bash
# Large bodies through the gateway: an upload (chunked, as `curl -T -` sends it) and a download of SIZE_MB each,
# direct to the service and through the manager, in alternating rounds. Prints MB/s, the ratio upload/download
# through the gateway (goal of issue 15: >= 0.5) and the manager's peak resident memory (VmHWM).
#   SIZE_MB (default 300), ROUNDS (default 3)
source "$(dirname "$0")/lib.sh"
SIZE_MB=${SIZE_MB:-300}; ROUNDS=${ROUNDS:-3}
trap stop_manager EXIT

# A service without the SDK (the JDK's own HTTP server): /sink counts what it is sent, /source sends SIZE_MB.
mkdir -p "$WORK/transfer"
cat > "$WORK/transfer/Transfer.java" <<'JAVA'
import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

public class Transfer {
    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(System.getenv("PORT"))), 0);
        server.createContext("/sink", exchange -> {
            long total = 0;
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = exchange.getRequestBody()) {
                for (int n; (n = in.read(buffer)) != -1; ) total += n;
            }
            byte[] body = Long.toString(total).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/source", exchange -> {
            long size = Long.parseLong(exchange.getRequestURI().getQuery().substring("bytes=".length()));
            exchange.sendResponseHeaders(200, size);
            byte[] buffer = new byte[64 * 1024];
            try (OutputStream out = exchange.getResponseBody()) {
                for (long left = size; left > 0; left -= buffer.length) out.write(buffer, 0, (int) Math.min(buffer.length, left));
            }
        });
        server.createContext("/", exchange -> { exchange.sendResponseHeaders(200, -1); exchange.close(); });
        server.start();
    }
}
JAVA
(cd "$WORK/transfer" && "$JDK" javac --release 21 -d . Transfer.java \
  && printf 'Main-Class: Transfer\n' > manifest.txt && "$JDK" jar --create --file transfer.jar --manifest manifest.txt Transfer.class \
  && "$JDK" jar --create --no-manifest --file transfer.zip transfer.jar)

start_manager
curl -fsS -F name=transfer -F version=1.0.0 -F "file=@$WORK/transfer/transfer.zip" "$MANAGER_URL/services/~deploy" >/dev/null
PORT=$(curl -fs "$MANAGER_URL/services/~inspection?name=transfer&version=1.0.0" | python3 -c 'import json,sys; print(json.load(sys.stdin)["port"])')
BYTES=$((SIZE_MB * 1024 * 1024))
head -c "$BYTES" /dev/zero > "$WORK/upload.bin"

upload() {  # URL -> MB/s
  local out; out=$(curl -fsS -T - -H 'Content-Type: application/octet-stream' -w ' %{speed_upload}' "$1/sink" < "$WORK/upload.bin")
  [ "${out%% *}" = "$BYTES" ] || { echo "upload to $1 arrived as ${out%% *} bytes, not $BYTES" >&2; exit 1; }
  python3 -c "import sys; print(f'{float(sys.argv[1])/1048576:.0f}')" "${out##* }"
}
download() {
  local out; out=$(curl -fsS -o /dev/null -w '%{size_download} %{speed_download}' "$1/source?bytes=$BYTES")
  [ "${out%% *}" = "$BYTES" ] || { echo "download from $1 gave ${out%% *} bytes, not $BYTES" >&2; exit 1; }
  python3 -c "import sys; print(f'{float(sys.argv[1])/1048576:.0f}')" "${out##* }"
}

DIRECT="http://127.0.0.1:$PORT"; GATEWAY="$MANAGER_URL/services/transfer"
upload "$GATEWAY" >/dev/null; download "$GATEWAY" >/dev/null   # warm-up
printf '%-6s %14s %14s %14s %14s\n' round "direct up" "direct down" "gateway up" "gateway down"
RATIOS=()
for round in $(seq 1 "$ROUNDS"); do
  du=$(upload "$DIRECT"); dd=$(download "$DIRECT"); gu=$(upload "$GATEWAY"); gd=$(download "$GATEWAY")
  printf '%-6s %11s MB/s %11s MB/s %11s MB/s %11s MB/s\n' "$round" "$du" "$dd" "$gu" "$gd"
  RATIOS+=("$(python3 -c "import sys; print(f'{float(sys.argv[1])/float(sys.argv[2]):.2f}')" "$gu" "$gd")")
done
python3 -c "import statistics,sys; r=sorted(map(float,sys.argv[1:])); print(f'gateway upload/download, median of {len(r)} rounds: {statistics.median(r):.2f} (goal >= 0.5); rounds: {r}')" "${RATIOS[@]}"
echo "manager peak resident memory: $(awk '/VmHWM/ {printf "%.0f MB", $2/1024}' /proc/$MANAGER_PID/status) (${SIZE_MB} MB bodies, chunked uploads)"

package dev.siren.server.bench;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The client side of bench/server-fairness.sh: while an attacker floods a running service from 127.0.0.2, a victim
 * on 127.0.0.1 sends small POST /v1/score requests one after the other; prints the victim's latency and the
 * status codes both got. Arguments: PORT SCENARIO SECONDS, SCENARIO one of
 * {@code alone} (no attacker), {@code flood} (3 concurrent ~1 MB /v1/moderations requests, 64 long texts each, over
 * and over) or {@code sessions} (32 stream sessions appending 200-character chunks as fast as answered).
 */
public final class FairnessLoad {

    private static final String VICTIM = "127.0.0.1";
    private static final String ATTACKER = "127.0.0.2";

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String scenario = args[1];
        long seconds = Long.parseLong(args[2]);
        String base = "http://127.0.0.1:" + port;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        Map<String, LongAdder> attackerStatus = new ConcurrentHashMap<>();
        List<Thread> attackers = new ArrayList<>();
        HttpClient attacker = client(ATTACKER);
        switch (scenario) {
            case "alone" -> { }
            case "flood" -> {
                String body = moderationBody(64, 15_000);
                for (int i = 0; i < 3; i++) {
                    attackers.add(Thread.ofVirtual().start(() -> {
                        while (System.nanoTime() < end) {
                            count(attackerStatus, post(attacker, base + "/v1/moderations", body));
                        }
                    }));
                }
            }
            case "sessions" -> {
                for (int i = 0; i < 32; i++) {
                    attackers.add(Thread.ofVirtual().start(() -> stream(attacker, base, end, attackerStatus)));
                }
            }
            default -> throw new IllegalArgumentException("scenario must be alone, flood or sessions: " + scenario);
        }
        Thread.sleep(2000); // let the attack build up
        HttpClient victim = client(VICTIM);
        List<Double> millis = new ArrayList<>();
        Map<String, LongAdder> victimStatus = new ConcurrentHashMap<>();
        while (System.nanoTime() < end) {
            long start = System.nanoTime();
            HttpResponse<String> answer = post(victim, base + "/v1/score", "{\"prompt\":\"Is this answer fine to show?\"}");
            millis.add((System.nanoTime() - start) / 1e6);
            count(victimStatus, answer);
            Thread.sleep(100);
        }
        for (Thread t : attackers) {
            t.join();
        }
        Collections.sort(millis);
        System.out.printf("RESULT %s | victim requests=%d p50_ms=%.0f p99_ms=%.0f max_ms=%.0f status=%s | attacker status=%s%n",
                scenario, millis.size(), percentile(millis, 0.5), percentile(millis, 0.99), millis.getLast(),
                sorted(victimStatus), sorted(attackerStatus));
    }

    private static void stream(HttpClient http, String base, long end, Map<String, LongAdder> status) {
        Pattern id = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
        Random random = new Random();
        while (System.nanoTime() < end) {
            HttpResponse<String> opened = post(http, base + "/v1/sessions", "{\"prompt\":\"Tell me a long story.\"}");
            count(status, opened);
            Matcher m = opened == null ? null : id.matcher(opened.body());
            if (m == null || opened.statusCode() != 201 || !m.find()) {
                sleep(200);
                continue;
            }
            String chunks = base + "/v1/sessions/" + m.group(1) + "/chunks";
            HttpResponse<String> appended;
            do {
                appended = post(http, chunks, "{\"text\":\"" + prose(random, 200) + "\"}");
                count(status, appended);
            } while (appended != null && appended.statusCode() == 200 && System.nanoTime() < end);
            send(http, HttpRequest.newBuilder(URI.create(base + "/v1/sessions/" + m.group(1))).DELETE());
        }
    }

    private static String moderationBody(int inputs, int chars) {
        Random random = new Random(7);
        StringBuilder body = new StringBuilder("{\"input\":[");
        for (int i = 0; i < inputs; i++) {
            body.append(i == 0 ? "" : ",").append('"').append(prose(random, chars)).append('"');
        }
        return body.append("]}").toString();
    }

    private static final String[] WORDS = ("the a story of how people in the city found water and built a bridge over"
            + " the river while children played near old houses under rain clouds").split(" ");

    private static String prose(Random random, int chars) {
        StringBuilder text = new StringBuilder(chars + 16);
        while (text.length() < chars) {
            text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
        }
        return text.substring(0, chars);
    }

    private static HttpClient client(String localAddress) throws Exception {
        return HttpClient.newBuilder().localAddress(InetAddress.getByName(localAddress))
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static HttpResponse<String> post(HttpClient http, String url, String body) {
        return send(http, HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The response, or null when the request failed (counted as "io"). */
    private static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void count(Map<String, LongAdder> counts, HttpResponse<String> response) {
        String key = response == null ? "io" : String.valueOf(response.statusCode());
        counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    private static String sorted(Map<String, LongAdder> counts) {
        return new java.util.TreeMap<>(counts).toString().replace(" ", "");
    }

    private static double percentile(List<Double> sorted, double p) {
        return sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size())));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

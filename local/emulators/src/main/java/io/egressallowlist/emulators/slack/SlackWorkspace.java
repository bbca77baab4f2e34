package io.egressallowlist.emulators.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static io.egressallowlist.emulators.slack.SlackHttp.JSON;
import static io.egressallowlist.emulators.slack.SlackHttp.blocks;
import static io.egressallowlist.emulators.slack.SlackHttp.error;
import static io.egressallowlist.emulators.slack.SlackHttp.ok;
import static io.egressallowlist.emulators.slack.SlackWebApiDouble.BOT_ID;
import static io.egressallowlist.emulators.slack.SlackWebApiDouble.BOT_USER_ID;
import static io.egressallowlist.emulators.slack.SlackWebApiDouble.TEAM_DOMAIN;
import static io.egressallowlist.emulators.slack.SlackWebApiDouble.TEAM_ID;

/**
 * The workspace the Web API double plays: channels and their messages, users, user groups, the
 * {@code response_url}s handed out with clicks and slash commands, and the modals opened ({@link SlackViews}). It answers the Web API methods as Slack does
 * (aws-api-notes §5); the HTTP side, the bot token and the injected faults belong to {@link SlackWebApiDouble}.
 */
final class SlackWorkspace {

    /** Where a {@code response_url} posts: the user who acted, the channel, and the message clicked (if any). */
    private record ResponseUrl(String userId, String channel, String messageTs) { }

    /** What a {@code response_url} post is answered with. */
    record Answer(int status, ObjectNode body) { }

    private final Clock clock;
    private final URI baseUrl;
    /** Every message still present (deleted ones are removed), oldest first, as last updated. */
    private final List<RecordedMessage> messages = new ArrayList<>();
    private final Map<String, ResponseUrl> responseUrls = new HashMap<>();
    private final Map<String, String> users = new LinkedHashMap<>();
    private final Map<String, List<String>> userGroups = new LinkedHashMap<>();
    private final SlackViews views;
    private long sequence;

    SlackWorkspace(Clock clock, URI baseUrl) {
        this.clock = clock;
        this.baseUrl = baseUrl;
        this.views = new SlackViews(clock);
    }

    /** The triggers handed out and the modals opened with them. */
    SlackViews views() {
        return views;
    }

    /** A trigger for an interaction of {@code userId}, which can open one modal within 3 seconds. */
    String issueTrigger(String userId) {
        return views.issueTrigger(userId, nextSequence());
    }

    Clock clock() {
        return clock;
    }

    // ---- directory and ids ----------------------------------------------------------------------------

    synchronized void addUser(String userId, String name) {
        users.put(userId, name);
    }

    synchronized void userGroup(String groupId, List<String> memberIds) {
        userGroups.put(groupId, List.copyOf(memberIds));
    }

    synchronized String userName(String userId) {
        return users.getOrDefault(userId, userId.toLowerCase(Locale.ROOT));
    }

    synchronized long nextSequence() {
        return ++sequence;
    }

    synchronized String nextTs() {
        return clock.instant().getEpochSecond() + "." + String.format("%06d", ++sequence % 1_000_000);
    }

    /** A new {@code response_url} that posts as {@code userId} into {@code channel}, about one message or none. */
    synchronized String newResponseUrl(String userId, String channel, String messageTs) {
        String id = TEAM_ID + "/" + (++sequence) + "/" + Long.toHexString(Double.doubleToLongBits(Math.random()));
        responseUrls.put(id, new ResponseUrl(userId, channel, messageTs));
        return baseUrl.resolve("response/" + id).toString();
    }

    synchronized boolean hasResponseUrl(String id) {
        return responseUrls.containsKey(id);
    }

    // ---- what the workspace holds ---------------------------------------------------------------------

    /** Every message still present (not deleted), oldest first, as last updated. */
    synchronized List<RecordedMessage> messages() {
        return messages.stream().map(RecordedMessage::copy).toList();
    }

    /** Forgets messages and response URLs; keeps users and groups. */
    synchronized void clearMessages() {
        messages.clear();
        responseUrls.clear();
        views.clear();
    }

    // ---- the Web API methods --------------------------------------------------------------------------

    synchronized ObjectNode call(String method, ObjectNode args) {
        return switch (method) {
            case "chat.postMessage" -> postMessage(args);
            case "chat.update" -> update(args);
            case "usergroups.users.list" -> userGroupMembers(args);
            case "users.info" -> userInfo(args);
            case "views.open" -> views.open(args);
            case "auth.test" -> ok().put("url", baseUrl.toString())
                    .put("team", TEAM_DOMAIN).put("user", "egress-bot").put("team_id", TEAM_ID)
                    .put("user_id", BOT_USER_ID).put("bot_id", BOT_ID);
            default -> error("unknown_method");
        };
    }

    private ObjectNode postMessage(ObjectNode args) {
        String channel = args.path("channel").asText("");
        if (channel.isBlank()) {
            return error("channel_not_found");
        }
        Optional<JsonNode> blocks = blocks(args);
        if (blocks.isEmpty() && args.has("blocks")) {
            return error("invalid_blocks");
        }
        String text = args.path("text").asText("");
        if (text.isBlank() && blocks.map(JsonNode::isEmpty).orElse(true)) {
            return error("no_text");
        }
        String dmUser = null;
        if (channel.startsWith("U") || channel.startsWith("W")) {
            dmUser = channel;
            channel = "D" + channel.substring(1);
        }
        String threadTs = args.hasNonNull("thread_ts") ? args.get("thread_ts").asText() : null;
        if (threadTs != null && indexOf(channel, threadTs) < 0) {
            return error("thread_not_found");
        }
        RecordedMessage message = new RecordedMessage(channel, nextTs(), threadTs, text, blocks.orElse(null), 0, null,
                dmUser);
        messages.add(message);
        ObjectNode reply = ok().put("channel", channel).put("ts", message.ts());
        reply.set("message", messageJson(message));
        return reply;
    }

    private ObjectNode update(ObjectNode args) {
        String channel = args.path("channel").asText("");
        String ts = args.path("ts").asText("");
        if (channel.isBlank()) {
            return error("channel_not_found");
        }
        int index = indexOf(channel, ts);
        if (index < 0) {
            return error("message_not_found");
        }
        Optional<JsonNode> blocks = blocks(args);
        if (blocks.isEmpty() && args.has("blocks")) {
            return error("invalid_blocks");
        }
        if (!args.has("text") && blocks.isEmpty()) {
            return error("no_text");
        }
        RecordedMessage message = messages.get(index);
        String text = args.has("text") ? args.path("text").asText("") : message.text();
        // chat.update keeps the old blocks when none are sent (aws-api-notes §5).
        messages.set(index, message.edited(text, blocks.orElse(message.blocks())));
        return ok().put("channel", channel).put("ts", ts).put("text", text);
    }

    private ObjectNode userGroupMembers(ObjectNode args) {
        List<String> members = userGroups.get(args.path("usergroup").asText(""));
        if (members == null) {
            return error("no_such_subteam");
        }
        ObjectNode reply = ok();
        ArrayNode list = reply.putArray("users");
        members.forEach(list::add);
        return reply;
    }

    private ObjectNode userInfo(ObjectNode args) {
        String id = args.path("user").asText("");
        String name = users.get(id);
        if (name == null) {
            return error("user_not_found");
        }
        ObjectNode reply = ok();
        ObjectNode user = reply.putObject("user").put("id", id).put("team_id", TEAM_ID).put("name", name)
                .put("real_name", name).put("deleted", false).put("is_bot", false);
        user.putObject("profile").put("display_name", name).put("real_name", name);
        return reply;
    }

    // ---- response_url ---------------------------------------------------------------------------------

    /**
     * A post to a {@code response_url}: {@code delete_original}, {@code replace_original}, an {@code in_channel}
     * reply, or else an ephemeral reply that only the user who acted sees.
     */
    synchronized Answer respond(String responseUrlId, ObjectNode args) {
        ResponseUrl target = responseUrls.get(responseUrlId);
        int original = target.messageTs() == null ? -1 : indexOf(target.channel(), target.messageTs());
        if (flag(args, "delete_original")) {
            if (original >= 0) {
                messages.remove(original);
            }
        } else if (flag(args, "replace_original")) {
            if (original < 0) {
                return new Answer(404, error("message_not_found"));
            }
            RecordedMessage replaced = messages.get(original);
            messages.set(original, replaced.edited(args.path("text").asText(replaced.text()),
                    blocks(args).orElse(replaced.blocks())));
        } else {
            String ephemeralUser = "in_channel".equals(args.path("response_type").asText()) ? null : target.userId();
            messages.add(new RecordedMessage(target.channel(), nextTs(), null, args.path("text").asText(""),
                    blocks(args).orElse(null), 0, ephemeralUser, null));
        }
        return new Answer(200, ok());
    }

    private static boolean flag(ObjectNode args, String member) {
        return args.path(member).asBoolean(false) || "true".equals(args.path(member).asText());
    }

    /** Where the message {@code ts} of {@code channel} stands in {@link #messages}, or -1. */
    private int indexOf(String channel, String ts) {
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).channel().equals(channel) && messages.get(i).ts().equals(ts)) {
                return i;
            }
        }
        return -1;
    }

    private static ObjectNode messageJson(RecordedMessage message) {
        ObjectNode json = JSON.createObjectNode().put("type", "message").put("ts", message.ts())
                .put("text", message.text()).put("bot_id", BOT_ID).put("user", BOT_USER_ID);
        json.set("blocks", message.blocks());
        return json;
    }
}

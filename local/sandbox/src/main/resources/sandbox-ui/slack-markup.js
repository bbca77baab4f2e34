// Renders Slack messages (Block Kit blocks and mrkdwn text) as Slack shows them: *bold*, _italic_, ~strike~,
// `code`, ```code blocks```, > quotes, <https://…|links>, <@U…> and <!subteam^S…> mentions, <!date^…> in the
// viewer's time zone and the emoji shortcodes our messages use.
//
// Message text is data (justifications, host names a workload sent): it only ever becomes text nodes and
// attribute values of the elements created here (strong, em, s, code, pre, blockquote, a, span, time and the
// block containers h3, div, hr), never parsed as HTML. Slack escapes &, < and > in mrkdwn as &amp; &lt; &gt;; they are
// decoded once, in text, so "&amp;lt;" shows as "&lt;". Only http, https and mailto addresses become links.
"use strict";
const SlackMarkup = (() => {
  // The shortcodes of shared/…/slack (BlockKitMessages, CommandReplies, BlockedDigestMessages, SlackReply) and a few
  // common ones; any other :name: stays as typed, as Slack shows an unknown shortcode.
  const EMOJI = Object.freeze({
    shield: "\u{1F6E1}\uFE0F", warning: "\u26A0\uFE0F", white_check_mark: "\u2705", x: "\u274C",
    no_entry: "\u26D4", no_entry_sign: "\u{1F6AB}", rotating_light: "\u{1F6A8}", hourglass: "\u231B",
    hourglass_flowing_sand: "\u23F3", inbox_tray: "\u{1F4E5}", leftwards_arrow_with_hook: "\u21A9\uFE0F",
    rewind: "\u23EA", broom: "\u{1F9F9}", lock: "\u{1F512}", bell: "\u{1F514}", information_source: "\u2139\uFE0F",
    heavy_check_mark: "\u2714\uFE0F", "+1": "\u{1F44D}", tada: "\u{1F389}", eyes: "\u{1F440}", mag: "\u{1F50D}",
  });
  const LINK_SCHEMES = new Set(["http:", "https:", "mailto:"]);
  const MARKERS = { "*": "strong", "_": "em", "~": "s" };
  const MAX_DEPTH = 6;
  const WORD = /[\p{L}\p{N}]/u;

  function decode(value) {
    return String(value).replace(/&(amp|lt|gt);/g, (_, name) => ({ amp: "&", lt: "<", gt: ">" })[name]);
  }
  function node(tag, attrs, children) {
    const element = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => element.setAttribute(k, v));
    (children || []).forEach((c) => element.appendChild(typeof c === "string" ? document.createTextNode(c) : c));
    return element;
  }
  function emojify(value) {
    return value.replace(/:([a-z0-9_+-]+):/g, (whole, name) => (Object.hasOwn(EMOJI, name) ? EMOJI[name] : whole));
  }
  /** Plain text (Block Kit plain_text, button labels): shortcodes as emoji, nothing else interpreted. */
  function plain(value) {
    return emojify(String(value == null ? "" : value));
  }

  // ---- inline: a line is lexed into text, code spans, <…> tokens and emphasis markers, then paired ----------------
  function lex(line) {
    const tokens = [];
    let text = "";
    const flush = () => { if (text) tokens.push({ kind: "text", value: text }); text = ""; };
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      const end = c === "`" ? line.indexOf("`", i + 1) : c === "<" ? line.indexOf(">", i + 1) : -1;
      if (c === "`" && end > i + 1) {
        flush(); tokens.push({ kind: "code", value: line.slice(i + 1, end) }); i = end;
      } else if (c === "<" && end > i + 1) {
        flush(); tokens.push({ kind: "token", value: line.slice(i + 1, end) }); i = end;
      } else if (MARKERS[c]) {
        const before = line[i - 1], after = line[i + 1];
        const opens = after !== undefined && !/\s/.test(after) && (before === undefined || !WORD.test(before));
        const closes = before !== undefined && !/\s/.test(before) && (after === undefined || !WORD.test(after));
        if (opens || closes) { flush(); tokens.push({ kind: "marker", value: c, opens, closes }); } else text += c;
      } else {
        text += c;
      }
    }
    flush();
    return tokens;
  }
  function inline(tokens, from, to, depth, context) {
    const out = [];
    for (let i = from; i < to; i++) {
      const token = tokens[i];
      if (token.kind === "marker" && token.opens && depth < MAX_DEPTH) {
        let close = -1;
        for (let j = i + 2; j < to && close < 0; j++) {
          if (tokens[j].kind === "marker" && tokens[j].value === token.value && tokens[j].closes) close = j;
        }
        if (close > 0) {
          out.push(node(MARKERS[token.value], {}, inline(tokens, i + 1, close, depth + 1, context)));
          i = close;
          continue;
        }
      }
      if (token.kind === "code") out.push(node("code", {}, [decode(token.value)]));
      else if (token.kind === "token") out.push(angle(token.value, context));
      else if (token.kind === "marker") out.push(token.value);
      else out.push(emojify(decode(token.value)));
    }
    return out;
  }

  // ---- <…> tokens: links, mentions, dates ------------------------------------------------------------------------
  function angle(raw, context) {
    const bar = raw.indexOf("|");
    const target = bar < 0 ? raw : raw.slice(0, bar);
    const label = bar < 0 ? null : decode(raw.slice(bar + 1));
    const users = context.users || {};
    const groups = context.groups || {};
    if (target.startsWith("@")) {
      const id = target.slice(1);
      return node("span", { class: "mention", "data-user": id }, ["@" + (Object.hasOwn(users, id) ? users[id] : label || id)]);
    }
    if (target.startsWith("#")) return node("span", { class: "mention" }, ["#" + (label || target.slice(1))]);
    if (target.startsWith("!subteam^")) {
      const id = target.slice("!subteam^".length);
      const name = Object.hasOwn(groups, id) ? groups[id] : (label || "@" + id).replace(/^@?/, "");
      return node("span", { class: "mention", "data-group": id }, ["@" + name]);
    }
    if (/^!(here|channel|everyone)$/.test(target)) return node("span", { class: "mention" }, ["@" + target.slice(1)]);
    if (target.startsWith("!date^")) return date(target, label, context);
    const href = linkable(decode(target));
    if (href) {
      return node("a", { href, rel: "noopener noreferrer", target: "_blank" }, [label || decode(target)]);
    }
    return document.createTextNode(label == null ? "<" + decode(raw) + ">" : label);
  }
  function linkable(address) {
    try {
      const url = new URL(address);
      return LINK_SCHEMES.has(url.protocol) && /^(https?:\/\/|mailto:)/i.test(address) ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  // <!date^epoch^format[^link]|fallback>: https://api.slack.com/reference/surfaces/formatting#date-formatting
  function date(target, fallback, context) {
    const [, epoch, format] = target.split("^");
    const seconds = /^-?[0-9]{1,12}$/.test(epoch || "") ? Number(epoch) : NaN;
    const at = new Date(seconds * 1000);
    if (Number.isNaN(at.getTime()) || !format) return document.createTextNode(fallback || "");
    const shown = format.replace(/\{(\w+)\}/g, (whole, name) => dateToken(name, at, context) ?? whole);
    return node("time", { datetime: at.toISOString(), title: fallback || at.toISOString() }, [shown]);
  }
  function dateToken(name, at, context) {
    const zone = { timeZone: context.timeZone };
    const fmt = (options) => new Intl.DateTimeFormat(context.locale, { ...zone, ...options }).format(at);
    const pretty = (otherwise) => relativeDay(at, context) || otherwise;
    const long = { year: "numeric", month: "long", day: "numeric" };
    const short = { year: "numeric", month: "short", day: "numeric" };
    switch (name) {
      case "date_num": return dayKey(at, context.timeZone);
      case "date": return fmt(long);
      case "date_short": return fmt(short);
      case "date_long": return fmt({ weekday: "long", ...long });
      case "date_pretty": return pretty(fmt(long));
      case "date_short_pretty": return pretty(fmt(short));
      case "date_long_pretty": return pretty(fmt({ weekday: "long", ...long }));
      case "time": return fmt({ hour: "numeric", minute: "2-digit" });
      case "time_secs": return fmt({ hour: "numeric", minute: "2-digit", second: "2-digit" });
      case "ago": return ago(at, context);
      default: return null;
    }
  }
  function ago(at, context) {
    const seconds = Math.round((at.getTime() - (context.now ? new Date(context.now) : new Date()).getTime()) / 1000);
    const [unit, size] = [["day", 86400], ["hour", 3600], ["minute", 60], ["second", 1]]
      .find(([, s]) => Math.abs(seconds) >= s) || ["second", 1];
    return new Intl.RelativeTimeFormat(context.locale, { numeric: "auto" }).format(Math.round(seconds / size), unit);
  }
  function dayKey(at, timeZone) {
    const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" })
      .formatToParts(at).reduce((all, p) => ({ ...all, [p.type]: p.value }), {});
    return parts.year + "-" + parts.month + "-" + parts.day;
  }
  function relativeDay(at, context) {
    const now = context.now ? new Date(context.now) : new Date();
    const days = (Date.parse(dayKey(at, context.timeZone)) - Date.parse(dayKey(now, context.timeZone))) / 86400000;
    return { "-1": "yesterday", "0": "today", "1": "tomorrow" }[String(days)] || null;
  }

  // ---- block structure of a text: ```code blocks```, > quotes, lines ------------------------------------------------
  /** A mrkdwn text as nodes; context: { users: {id: name}, groups: {id: handle}, timeZone, locale, now }. */
  function mrkdwn(text, context) {
    const out = [];
    const parts = String(text == null ? "" : text).split("```");
    const fenced = parts.length % 2 === 1 ? parts.length : parts.length - 1;
    for (let p = 0; p < parts.length; p++) {
      const inside = p % 2 === 1 && p < fenced;
      if (inside) out.push(node("pre", {}, [decode(parts[p].replace(/^\n/, ""))]));
      else lines(p % 2 === 1 ? "```" + parts[p] : parts[p], context || {}).forEach((n) => out.push(n));
    }
    return out;
  }
  function lines(text, context) {
    const out = [];
    let quote = null;
    text.split("\n").forEach((line, index) => {
      const quoted = /^(&gt;|>) ?/.exec(line);
      const tokens = lex(quoted ? line.slice(quoted[0].length) : line);
      const content = inline(tokens, 0, tokens.length, 0, context)
        .map((n) => (typeof n === "string" ? document.createTextNode(n) : n));
      if (quoted) {
        if (quote) quote.appendChild(document.createTextNode("\n"));
        else out.push(quote = node("blockquote", {}, []));
        content.forEach((n) => quote.appendChild(n));
        return;
      }
      if (index > 0 && !quote) out.push(document.createTextNode("\n"));
      quote = null;
      content.forEach((n) => out.push(n));
    });
    return out;
  }

  // ---- Block Kit ---------------------------------------------------------------------------------------------------
  function textObject(object, context) {
    if (!object) return [];
    return object.type === "mrkdwn" ? mrkdwn(object.text, context) : [document.createTextNode(plain(object.text))];
  }
  /**
   * The blocks of a message as elements: header, section (text, fields, accessory), context, actions, divider.
   * context.button(element) makes the element for a button (or null to leave it out).
   */
  function blocks(list, context) {
    const button = (element) => (element && element.type === "button" && context.button ? context.button(element) : null);
    return (list || []).map((block) => {
      switch (block.type) {
        case "header": return node("h3", { class: "slack-header" }, textObject(block.text, context));
        case "section": {
          const section = node("div", { class: "slack-section" }, []);
          if (block.text) section.appendChild(node("div", { class: "mrkdwn" }, textObject(block.text, context)));
          if (block.fields) section.appendChild(node("div", { class: "slack-fields" },
            block.fields.map((f) => node("div", { class: "mrkdwn" }, textObject(f, context)))));
          const accessory = button(block.accessory);
          if (accessory) section.appendChild(accessory);
          return section;
        }
        case "context": return node("div", { class: "slack-context mrkdwn" },
          (block.elements || []).flatMap((e) => (e.type === "image" ? [e.alt_text || ""] : textObject(e, context))));
        case "actions": return node("div", { class: "slack-actions" }, (block.elements || []).map(button).filter(Boolean));
        case "divider": return node("hr", {}, []);
        default: return null;
      }
    }).filter(Boolean);
  }

  return Object.freeze({ mrkdwn, blocks, plain, decode, EMOJI });
})();

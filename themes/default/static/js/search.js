// Lore search client: reads the static index in <base>_lore/search/ (or the
// live endpoint of `lore serve`), and drives the search page and the Ctrl-K
// dialog. No framework, no network beyond the site itself.
//
// The analyzer, query parser and ranking mirror package search (Go) exactly;
// search/analyzer_parity_test.go and search/browser_test.go hold them to it.
(function () {
  "use strict";

  // ---- analyzer: bleve's `en` (unicode tokenizer, possessive, lowercase,
  // English stop words, original Porter stemmer) ----

  var STOP = new Set(("i me my myself we our ours ourselves you your yours yourself yourselves he him his himself " +
    "she her hers herself it its itself they them their theirs themselves what which who whom this that these those " +
    "am is are was were be been being have has had having do does did doing would should could ought i'm you're he's " +
    "she's it's we're they're i've you've we've they've i'd you'd he'd she'd we'd they'd i'll you'll he'll she'll " +
    "we'll they'll isn't aren't wasn't weren't hasn't haven't hadn't doesn't don't didn't won't wouldn't shan't " +
    "shouldn't can't cannot couldn't mustn't let's that's who's what's here's there's when's where's why's how's a an " +
    "the and but if or because as until while of at by for with about against between into through during before " +
    "after above below to from up down in out on off over under again further then once here there when where why how " +
    "all any both each few more most other some such no nor not only own same so than too very").split(" "));

  // Word-break classes (UAX #29, as the segment library bleve uses applies them).
  var C = { OTHER: 0, CR: 1, LF: 2, NL: 3, EXT: 4, RI: 5, KATA: 6, HL: 7, AL: 8, MIDL: 9, MIDNL: 10, MIDN: 11,
    NUM: 12, ENL: 13, SQ: 14, DQ: 15, HAN: 16, HIRA: 17 };
  var reExtend = /[\p{Mn}\p{Me}\p{Mc}\u200C\u200D]/u;
  var reFormat = /\p{Cf}/u;
  var reKata = /[\p{Script=Katakana}\u3031-\u3035\u309B\u309C\u30A0\u30FC\uFF70]/u;
  var reHebrew = /\p{Script=Hebrew}/u;
  var reSA = /[\p{Script=Thai}\p{Script=Lao}\p{Script=Myanmar}\p{Script=Khmer}\p{Script=Tai_Le}\p{Script=New_Tai_Lue}\p{Script=Tai_Tham}\p{Script=Tai_Viet}]/u;
  var reHan = /\p{Script=Han}/u;
  var reHira = /\p{Script=Hiragana}/u;
  var reIdeo = /\p{Ideographic}/u;
  var reAlpha = /\p{Alphabetic}/u;
  var reNum = /\p{Nd}/u;
  var rePc = /\p{Pc}/u;
  var classCache = new Map();

  function wbClass(ch) {
    var c = classCache.get(ch);
    if (c !== undefined) return c;
    c = classify(ch);
    classCache.set(ch, c);
    return c;
  }
  function classify(ch) {
    var cp = ch.codePointAt(0);
    if (ch === "\r") return C.CR;
    if (ch === "\n") return C.LF;
    if (cp === 0x0B || cp === 0x0C || cp === 0x85 || cp === 0x2028 || cp === 0x2029) return C.NL;
    if (reExtend.test(ch)) return C.EXT;
    if (reFormat.test(ch) && cp !== 0x200B) return C.EXT;
    if (cp >= 0x1F1E6 && cp <= 0x1F1FF) return C.RI;
    if (reHira.test(ch)) return C.HIRA;
    if (reKata.test(ch)) return C.KATA;
    if (reHan.test(ch)) return reIdeo.test(ch) || /\p{L}/u.test(ch) ? C.HAN : C.OTHER;
    if (reHebrew.test(ch) && /\p{L}/u.test(ch)) return C.HL;
    if (":\u00B7\u0387\u05F4\u2027\uFE13\uFE55\uFF1A".indexOf(ch) >= 0) return C.MIDL;
    if (".\u2018\u2019\u2024\uFE52\uFF07\uFF0E".indexOf(ch) >= 0) return C.MIDNL;
    if (",;\u037E\u0589\u060C\u060D\u066C\u07F8\u2044\uFE10\uFE14\uFE50\uFE54\uFF0C\uFF1B".indexOf(ch) >= 0) return C.MIDN;
    if (ch === "'") return C.SQ;
    if (ch === '"') return C.DQ;
    if (reNum.test(ch) && !(cp >= 0xFF10 && cp <= 0xFF19)) return C.NUM;
    if (rePc.test(ch)) return C.ENL;
    if (reAlpha.test(ch) && !reIdeo.test(ch) && !reSA.test(ch)) return C.AL;
    return C.OTHER;
  }

  // eachToken calls fn(start, end) (UTF-16 offsets) for each word segment,
  // skipping spaces, punctuation and scripts bleve does not index.
  // ASCII classes come from a table built by classify itself.
  var asciiClass = new Uint8Array(128);
  for (var ac = 0; ac < 128; ac++) asciiClass[ac] = classify(String.fromCharCode(ac));
  var clsBuf = new Uint8Array(256), offBuf = new Int32Array(257);
  function eachToken(text, fn) {
    // One class per code point (lone surrogates count alone, as in
    // Array.from) and its UTF-16 offset, in reused buffers.
    if (clsBuf.length < text.length) { clsBuf = new Uint8Array(text.length * 2); offBuf = new Int32Array(text.length * 2 + 1); }
    var cls = clsBuf, offs = offBuf, o = 0, n = 0;
    while (o < text.length) {
      var cu = text.charCodeAt(o);
      offs[n] = o;
      if (cu < 128) { cls[n++] = asciiClass[cu]; o++; continue; }
      var w = text.codePointAt(o) > 0xFFFF ? 2 : 1;
      cls[n++] = wbClass(text.slice(o, o + w));
      o += w;
    }
    offs[n] = o;
    // skipExt returns the index after char i and its Extend/Format tail.
    function skipExt(i) {
      var c = cls[i];
      i++;
      if (c === C.CR || c === C.LF || c === C.NL) return i;
      while (i < n && cls[i] === C.EXT) i++;
      return i;
    }
    var i = 0;
    while (i < n) {
      var c = cls[i];
      var start = i;
      if (c === C.HAN || c === C.HIRA) {
        i = skipExt(i);
        fn(offs[start], offs[i]);
        continue;
      }
      if (!(c === C.AL || c === C.HL || c === C.NUM || c === C.KATA || c === C.ENL)) {
        if (c === C.EXT) { while (i < n && cls[i] === C.EXT) i++; }
        else if (c === C.RI) { while (i < n && cls[i] === C.RI) i = skipExt(i); }
        else if (c === C.CR && i + 1 < n && cls[i + 1] === C.LF) { i += 2; }
        else i = skipExt(i);
        continue;
      }
      var prev = c;
      i = skipExt(i);
      while (i < n) {
        var nx = cls[i];
        var letter = prev === C.AL || prev === C.HL;
        var ok = false, j;
        if ((letter || prev === C.NUM) && (nx === C.AL || nx === C.HL || nx === C.NUM)) ok = true;
        else if (prev === C.KATA && nx === C.KATA) ok = true;
        else if ((letter || prev === C.NUM || prev === C.KATA || prev === C.ENL) && nx === C.ENL) ok = true;
        else if (prev === C.ENL && (nx === C.AL || nx === C.HL || nx === C.NUM || nx === C.KATA)) ok = true;
        if (ok) { prev = nx; i = skipExt(i); continue; }
        if (letter && (nx === C.MIDL || nx === C.MIDNL || nx === C.SQ)) {
          j = skipExt(i);
          if (j < n && (cls[j] === C.AL || cls[j] === C.HL)) { prev = cls[j]; i = skipExt(j); continue; }
        }
        if (prev === C.HL && nx === C.DQ) {
          j = skipExt(i);
          if (j < n && cls[j] === C.HL) { prev = C.HL; i = skipExt(j); continue; }
        }
        if (prev === C.HL && nx === C.SQ) { prev = C.OTHER; i = skipExt(i); break; }
        if (prev === C.NUM && (nx === C.MIDN || nx === C.MIDNL || nx === C.SQ)) {
          j = skipExt(i);
          if (j < n && cls[j] === C.NUM) { prev = C.NUM; i = skipExt(j); continue; }
        }
        break;
      }
      fn(offs[start], offs[i]);
    }
  }

  function possessive(t) {
    var a = Array.from(t);
    var n = a.length;
    if (n >= 2 && (a[n - 1] === "s" || a[n - 1] === "S") && (a[n - 2] === "'" || a[n - 2] === "\u2019" || a[n - 2] === "\uFF07")) {
      return a.slice(0, n - 2).join("");
    }
    return t;
  }

  // lower replays bleve's lowercase filter byte for byte, including its
  // quirk when a rune shrinks (İ -> i leaves a stray byte and drops the last).
  var enc8 = new TextEncoder();
  function lowerRune(ch) {
    var l = ch === "\u0130" ? "i" : ch.toLowerCase();
    return Array.from(l).length === 1 ? l : ch;
  }
  function lower(t) {
    if (!/[^\x00-\x7F]/.test(t)) return t.toLowerCase(); // ASCII: Go and JS agree
    var s = enc8.encode(t), i = 0, j = 0;
    while (i < s.length) {
      var ch = String.fromCodePoint(decodeAt(s, i)), wid = enc8.encode(ch).length;
      if (s[i] >= 0x80 && (s[i] & 0xC0) === 0x80) wid = 1; // stray byte: Go decodes U+FFFD, width 1
      var l = lowerRune(ch);
      if (l === ch) { i += wid; j += wid; continue; }
      if (l === "\u03C3" && i + 2 === s.length) l = "\u03C2";
      var lb = enc8.encode(l);
      if (lb.length > wid) {
        var rest = Array.from(new TextDecoder().decode(s.subarray(i))).map(lowerRune).join("");
        var head = s.slice(0, j), tail = enc8.encode(rest), all = new Uint8Array(head.length + tail.length);
        all.set(head); all.set(tail, head.length);
        return new TextDecoder().decode(all);
      }
      s.set(lb, j);
      i += wid; j += lb.length;
    }
    return new TextDecoder().decode(s.subarray(0, j));
  }
  function decodeAt(s, i) {
    var b = s[i];
    if (b < 0x80) return b;
    if (b >= 0xF0 && i + 3 < s.length) return ((b & 7) << 18) | ((s[i + 1] & 63) << 12) | ((s[i + 2] & 63) << 6) | (s[i + 3] & 63);
    if (b >= 0xE0 && i + 2 < s.length) return ((b & 15) << 12) | ((s[i + 1] & 63) << 6) | (s[i + 2] & 63);
    if (b >= 0xC0 && i + 1 < s.length) return ((b & 31) << 6) | (s[i + 1] & 63);
    return 0xFFFD;
  }

  // ---- original Porter stemmer, ported from go-porterstemmer (quirks kept) ----
  function isCons(s, i) {
    var c = s[i];
    if (c === "a" || c === "e" || c === "i" || c === "o" || c === "u") return false;
    if (c === "y") return i === 0 ? true : !isCons(s, i - 1);
    return true;
  }
  function measure(s) {
    var n = s.length, r = 0, i = 0;
    if (n === 0) return 0;
    while (isCons(s, i)) { i++; if (i >= n) return r; }
    outer: while (i < n) {
      while (!isCons(s, i)) { i++; if (i >= n) break outer; }
      while (isCons(s, i)) { i++; if (i >= n) { r++; break outer; } }
      r++;
    }
    return r;
  }
  function hasSuf(s, suf) {
    if (s.length - 1 <= suf.length - 1) return false;
    for (var i = 0; i < suf.length; i++) if (s[s.length - suf.length + i] !== suf[i]) return false;
    return true;
  }
  function hasVowel(s) { for (var i = 0; i < s.length; i++) if (!isCons(s, i)) return true; return false; }
  function dblCons(s) { var n = s.length; return n >= 2 && s[n - 1] === s[n - 2] && isCons(s, n - 1); }
  function cvc(s) { var n = s.length; return n >= 3 && isCons(s, n - 3) && !isCons(s, n - 2) && isCons(s, n - 1); }
  function step1a(s) {
    if (hasSuf(s, "sses") || hasSuf(s, "ies")) return s.slice(0, s.length - 2);
    if (hasSuf(s, "ss")) return s;
    if (hasSuf(s, "s")) return s.slice(0, s.length - 1);
    return s;
  }
  function step1bTail(s, sub, isIng) {
    if (hasSuf(sub, "at") || hasSuf(sub, "bl") || hasSuf(sub, "iz")) { var r = s.slice(0, sub.length + 1); r[r.length - 1] = "e"; return r; }
    var c = sub[sub.length - 1];
    if (c !== "l" && c !== "s" && c !== "z" && dblCons(sub)) return sub.slice(0, sub.length - 1);
    if (measure(sub) === 1 && cvc(sub) && c !== "w" && c !== "x" && c !== "y") { var r2 = s.slice(0, sub.length + 1); r2[r2.length - 1] = "e"; return r2; }
    return sub;
  }
  function step1b(s) {
    var sub;
    if (hasSuf(s, "eed")) {
      if (measure(s.slice(0, s.length - 3)) > 0) return s.slice(0, s.length - 1);
      return s;
    }
    if (hasSuf(s, "ed")) {
      sub = s.slice(0, s.length - 2);
      return hasVowel(sub) ? step1bTail(s, sub, false) : s;
    }
    if (hasSuf(s, "ing")) {
      sub = s.slice(0, s.length - 3);
      return hasVowel(sub) ? step1bTail(s, sub, true) : s;
    }
    return s;
  }
  function step1c(s) {
    var n = s.length;
    if (n < 2) return s;
    if (s[n - 1] === "y" && hasVowel(s.slice(0, n - 1))) { s = s.slice(); s[n - 1] = "i"; }
    else if (s[n - 1] === "Y" && hasVowel(s.slice(0, n - 1))) { s = s.slice(); s[n - 1] = "I"; }
    return s;
  }
  // rule: [suffix, keep (chars kept from the suffix), replacement]
  function rules(s, list, minM) {
    for (var k = 0; k < list.length; k++) {
      var suf = list[k][0];
      if (hasSuf(s, suf)) {
        var stem = s.slice(0, s.length - suf.length);
        if (measure(stem) > minM && (!list[k][2] || list[k][2](stem))) return stem.concat(Array.from(list[k][1]));
        return s;
      }
    }
    return s;
  }
  var STEP2 = [["ational", "ate"], ["tional", "tion"], ["enci", "ence"], ["anci", "ance"], ["izer", "ize"], ["bli", "ble"],
    ["alli", "al"], ["entli", "ent"], ["eli", "e"], ["ousli", "ous"], ["ization", "ize"], ["ation", "ate"], ["ator", "ate"],
    ["alism", "al"], ["iveness", "ive"], ["fulness", "ful"], ["ousness", "ous"], ["aliti", "al"], ["iviti", "ive"],
    ["biliti", "ble"], ["logi", "log"]];
  var STEP3 = [["icate", "ic"], ["ative", ""], ["alize", "al"], ["iciti", "ic"], ["ical", "ic"], ["ful", ""], ["ness", ""]];
  var STEP4 = [["al", ""], ["ance", ""], ["ence", ""], ["er", ""], ["ic", ""], ["able", ""], ["ible", ""], ["ant", ""],
    ["ement", ""], ["ment", ""], ["ent", ""],
    ["ion", "", function (st) { var c = st[st.length - 1]; return c === "s" || c === "t"; }],
    ["ou", ""], ["ism", ""], ["ate", ""], ["iti", ""], ["ous", ""], ["ive", ""], ["ize", ""]];
  function step5a(s) {
    var n = s.length;
    if (s[n - 1] === "e") {
      var sub = s.slice(0, n - 1), m = measure(sub);
      if (m > 1) return sub;
      if (m === 1) { var c = sub[sub.length - 1]; if (!(cvc(sub) && c !== "w" && c !== "x" && c !== "y")) return sub; }
    }
    return s;
  }
  function step5b(s) {
    var n = s.length;
    if (n > 2 && s[n - 2] === "l" && s[n - 1] === "l" && measure(s.slice(0, n - 1)) > 1) return s.slice(0, n - 1);
    return s;
  }
  // stem is pure and words repeat (Zipf), so stems are memoised; the memo
  // is dropped when it grows past stemMax words.
  var stems = new Map(), stemMax = 50000;
  function stem(w) {
    var r = stems.get(w);
    if (r === undefined) {
      r = porter(w);
      if (stems.size >= stemMax) stems.clear();
      stems.set(w, r);
    }
    return r;
  }
  function porter(w) {
    var s = Array.from(w);
    if (s.length <= 2) return w;
    s = step1a(s); s = step1b(s); s = step1c(s);
    s = rules(s, STEP2, 0); s = rules(s, STEP3, 0); s = rules(s, STEP4, 1);
    s = step5a(s); s = step5b(s);
    return s.join("");
  }

  // analyze returns [{term, pos, s, e}] exactly as bleve's `en` analyzer does.
  function analyze(text, bare) {
    var out = [], pos = 0;
    eachToken(text, function (s, e) {
      pos++;
      var raw = text.slice(s, e), t = bare ? fold(capped(lower(possessive(raw)))) : termOf(raw);
      if (t !== null) out.push({ term: t, pos: pos, s: s, e: e });
    });
    return out;
  }
  // capped drops a word longer than the index keeps (maxTermRunes in
  // search/analyze.go): a pasted blob, never searched for.
  var MAX_TERM_RUNES = 100;
  function capped(t) {
    return t.length > MAX_TERM_RUNES && Array.from(t).length > MAX_TERM_RUNES ? null : t;
  }
  // fold drops the combining diacritical marks U+0300-U+036F from the
  // decomposed word, as foldFilter in search/fold.go does: "cafe" finds
  // "café". A word without them is left exactly as it was.
  var MARKS = /[\u0300-\u036f]/g;
  function fold(t) {
    if (t === null || !/[^\x00-\x7F]/.test(t)) return t;
    var d = t.normalize("NFD");
    return d.search(MARKS) < 0 ? t : d.replace(MARKS, "").normalize("NFC");
  }
  // termOf is the `en` term of a raw token, null for a stop word. It is
  // pure and words repeat, so terms are memoised like stems.
  var termMemo = new Map();
  function termOf(raw) {
    var t = termMemo.get(raw);
    if (t === undefined) {
      t = fold(capped(lower(possessive(raw))));
      t = t === null || STOP.has(t) ? null : stem(t);
      if (termMemo.size >= stemMax) termMemo.clear();
      termMemo.set(raw, t);
    }
    return t;
  }

  // ---- query parser: a port of search/query/parse.go ----
  var MAX_LEN = 1024, MAX_CLAUSES = 32;
  var FIELDS = ["type", "team", "tag", "author", "since", "until", "year"];
  var reSpace = /\s/u;

  function utf8Cut(q, max) {
    var enc = new TextEncoder().encode(q);
    if (enc.length <= max) return q;
    var cut = max;
    while (cut > 0 && (enc[cut] & 0xC0) === 0x80) cut--;
    return new TextDecoder().decode(enc.subarray(0, cut));
  }

  function parseQuery(q) {
    var out = { clauses: [], notices: [], type: "", team: "", tag: "", author: "", since: "", until: "" };
    if (new TextEncoder().encode(q).length > MAX_LEN) {
      q = utf8Cut(q, MAX_LEN);
      out.notices.push("query cut to its first " + MAX_LEN + " bytes");
    }
    function add(kind, text, neg) { if (text.trim() !== "") out.clauses.push({ kind: kind, text: text, neg: neg }); }
    var i = 0, n = q.length;
    while (i < n) {
      if (reSpace.test(q[i])) { i++; continue; }
      var neg = false;
      if (q[i] === "-" && i + 1 < n && q[i + 1] !== " ") { neg = true; i++; }
      if (i < n && q[i] === '"') {
        var end = q.indexOf('"', i + 1), text;
        if (end < 0) { text = q.slice(i + 1); i = n; out.notices.push("unbalanced quote: phrase runs to the end of the query"); }
        else { text = q.slice(i + 1, end); i = end + 1; }
        add("phrase", text, neg);
        continue;
      }
      var start = i;
      while (i < n && !reSpace.test(q[i])) {
        if (q[i] === '"' && i > start && q[i - 1] === ":") {
          var e2 = q.indexOf('"', i + 1);
          i = e2 < 0 ? n : e2 + 1;
          continue;
        }
        i++;
      }
      word(q.slice(start, i), neg);
    }
    function word(tok, neg) {
      var k = tok.indexOf(":");
      if (k > 0 && k < tok.length - 1 && /^[A-Za-z]{1,16}$/.test(tok.slice(0, k))) {
        var name = tok.slice(0, k).toLowerCase();
        var val = tok.slice(k + 1).replace(/^"+|"+$/g, "");
        var known = FIELDS.indexOf(name) >= 0;
        if (known && !neg) { filter(name, val); return; }
        // A URL (https://...) is text, not a field anyone mistyped.
        if (!known && !val.startsWith("//")) out.notices.push('unknown field "' + name + '" searched as text (known: type, team, tag, author, since, until, year)');
        add("word", tok.slice(0, k), neg);
        add("word", val, neg);
        return;
      }
      if (tok.endsWith("*")) { add("prefix", tok.replace(/\*+$/, ""), neg); return; }
      add("word", tok, neg);
    }
    function filter(name, val) {
      val = val.trim().toLowerCase();
      if (val === "") return;
      if (name === "year") { out.since = val; out.until = val; } else out[name] = val;
    }
    if (out.clauses.length > MAX_CLAUSES) {
      out.clauses = out.clauses.slice(0, MAX_CLAUSES);
      out.notices.push("only the first " + MAX_CLAUSES + " words are used");
    }
    return out;
  }

  // Dates as days since 1970-01-01 (UTC), like search.parseBound.
  function parseBound(s, end) {
    var m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(s);
    if (!m) return null;
    var y = +m[1], mo = m[2] ? +m[2] : 0, d = m[3] ? +m[3] : 0;
    if (m[2] && (mo < 1 || mo > 12)) return null;
    var t;
    if (m[3]) {
      t = Date.UTC(y, mo - 1, d);
      if (new Date(t).getUTCDate() !== d) return null;
      if (end) t = Date.UTC(y, mo - 1, d);
    } else if (m[2]) t = end ? Date.UTC(y, mo, 0) : Date.UTC(y, mo - 1, 1);
    else t = end ? Date.UTC(y, 11, 31) : Date.UTC(y, 0, 1);
    return Math.floor(t / 86400000);
  }

  // Code-point order (= Go's byte order for UTF-8 strings).
  function cmp(a, b) {
    var i = 0, j = 0;
    while (i < a.length && j < b.length) {
      var x = a.codePointAt(i), y = b.codePointAt(j);
      if (x !== y) return x < y ? -1 : 1;
      i += x > 0xFFFF ? 2 : 1; j += y > 0xFFFF ? 2 : 1;
    }
    return (a.length - i) - (b.length - j) > 0 ? 1 : ((a.length - i) === (b.length - j) ? 0 : -1);
  }
  function prefixEnd(p) {
    // smallest string above every string starting with p (on code points)
    var cps = Array.from(p);
    while (cps.length) {
      var last = cps.pop().codePointAt(0);
      if (last < 0x10FFFF) { cps.push(String.fromCodePoint(last + 1)); return cps.join(""); }
    }
    return "";
  }

  // ---- binary helpers ----
  function Reader(buf) { this.b = buf; this.i = 0; }
  Reader.prototype.uv = function () {
    var x = 0, s = 1, c;
    do { c = this.b[this.i++]; x += (c & 0x7F) * s; s *= 128; } while (c & 0x80);
    return x;
  };
  var utf8 = new TextDecoder();
  Reader.prototype.str = function () {
    var n = this.uv(), s = utf8.decode(this.b.subarray(this.i, this.i + n));
    this.i += n;
    return s;
  };
  async function inflate(bytes, format) {
    var ds = new DecompressionStream(format);
    var stream = new Blob([bytes]).stream().pipeThrough(ds);
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }
  async function maybeGunzip(bytes) {
    return bytes[0] === 0x1f && bytes[1] === 0x8b ? inflate(bytes, "gzip") : bytes;
  }
  async function record(bytes) {
    return bytes[0] === 1 ? inflate(bytes.subarray(1), "deflate-raw") : bytes.subarray(1);
  }

  // ---- static index ----
  function StaticIndex(base) {
    this.root = base + "_lore/search/";
    this.shards = new Map();
    this.vocabs = new Map();
    this.manifest = null;
    this.docmap = null;
    this.facets = null;
    this.whole = new Map(); // file -> Promise<Uint8Array> once a host ignored Range
  }
  StaticIndex.prototype.init = function () {
    var self = this;
    if (!this.ready) {
      // Revalidated on every page ("no-cache": a 304 when unchanged). The
      // manifest's address has no version, and a copy a browser kept
      // after a new deploy names index files that deploy deleted. The
      // files it names have their content's hash in their names.
      this.ready = fetch(this.root + "manifest.json", { cache: "no-cache" }).then(function (r) {
        if (!r.ok) throw new Error("search index not found (" + r.status + ")");
        return r.json();
      }).then(function (m) { self.manifest = m; return m; });
    }
    return this.ready;
  };
  StaticIndex.prototype.bytes = async function (file) {
    var r = await fetch(this.root + file);
    if (!r.ok) throw new Error("search: " + file + ": " + r.status);
    return maybeGunzip(new Uint8Array(await r.arrayBuffer()));
  };
  function routeFrom(list, term) {
    var lo = 0, hi = list.length - 1, at = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (cmp(list[mid][0], term) <= 0) { at = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return at;
  }
  function parseTermShard(b) {
    var r = new Reader(b), n = r.uv(), m = new Map();
    for (var k = 0; k < n; k++) {
      var t = r.str(), off = r.uv(), len = r.uv(), at = r.i, df = r.uv();
      for (var j = 0; j < df; j++) { r.uv(); r.uv(); }
      m.set(t, { df: df, posOff: off, posLen: len, b: b, at: at, docs: null });
    }
    return m;
  }
  function parseVocab(b) {
    var r = new Reader(b), n = r.uv(), m = new Map();
    for (var k = 0; k < n; k++) { var t = r.str(); m.set(t, r.uv()); }
    return m;
  }
  StaticIndex.prototype.shard = function (i, kind) {
    var cache = kind === "v" ? this.vocabs : this.shards;
    var list = kind === "v" ? this.manifest.vocab : this.manifest.shards;
    if (!cache.has(i)) {
      cache.set(i, this.bytes(list[i][1]).then(kind === "v" ? parseVocab : parseTermShard));
    }
    return cache.get(i);
  };
  StaticIndex.prototype.entry = async function (term) {
    var i = routeFrom(this.manifest.shards, term);
    if (i < 0) return null;
    return (await this.shard(i, "t")).get(term) || null;
  };
  // terms lists index terms in [lo, hi) in code-point order.
  StaticIndex.prototype.terms = async function (lo, hi, kind) {
    var list = kind === "v" ? this.manifest.vocab : this.manifest.shards;
    var first = Math.max(0, routeFrom(list, lo)), out = [];
    var parts = [];
    for (var i = first; i < list.length && (hi === "" || cmp(list[i][0], hi) < 0); i++) parts.push(this.shard(i, kind));
    var maps = await Promise.all(parts);
    maps.forEach(function (m) {
      m.forEach(function (_, t) { if (cmp(t, lo) >= 0 && (hi === "" || cmp(t, hi) < 0)) out.push(t); });
    });
    return out.sort(cmp);
  };
  function decodePostings(e) {
    if (!e.docs) {
      var r = new Reader(e.b);
      r.i = e.at;
      var n = r.uv(), docs = new Int32Array(n), imp = new Uint32Array(n), prev = -1;
      for (var k = 0; k < n; k++) { prev += r.uv(); docs[k] = prev; imp[k] = r.uv(); }
      e.docs = docs; e.imp = imp;
    }
    return e;
  }
  // ranges fetches byte ranges of one file in one request when the host
  // allows multi-range, else one request per range, else the whole file.
  StaticIndex.prototype.ranges = async function (file, spans) {
    var self = this, url = this.root + file;
    if (this.whole.has(file)) {
      var all = await this.whole.get(file);
      return spans.map(function (s) { return all.subarray(s[0], s[0] + s[1]); });
    }
    var want = spans.filter(function (s) { return s[1] > 0; });
    if (!want.length) return spans.map(function () { return new Uint8Array(0); });
    var hdr = "bytes=" + want.map(function (s) { return s[0] + "-" + (s[0] + s[1] - 1); }).join(",");
    var ctl = new AbortController();
    var r = await fetch(url, { headers: { Range: hdr }, signal: ctl.signal });
    if (r.status === 200) {
      var p = r.arrayBuffer().then(function (b) { return new Uint8Array(b); });
      this.whole.set(file, p);
      return this.ranges(file, spans);
    }
    if (r.status !== 206) throw new Error("search: " + file + ": " + r.status);
    var got = new Map();
    var ct = r.headers.get("Content-Type") || "";
    var body = new Uint8Array(await r.arrayBuffer());
    var bm = /boundary=("?)([^";]+)\1/i.exec(ct);
    if (/multipart\/byteranges/i.test(ct) && bm) {
      parseMultipart(body, bm[2]).forEach(function (p) { got.set(p.start, p.data); });
    } else {
      var cr = /bytes (\d+)-(\d+)/.exec(r.headers.get("Content-Range") || "");
      got.set(cr ? +cr[1] : want[0][0], body);
    }
    var missing = want.filter(function (s) { return !got.has(s[0]); });
    if (missing.length) {
      await Promise.all(missing.map(async function (s) {
        var rr = await fetch(url, { headers: { Range: "bytes=" + s[0] + "-" + (s[0] + s[1] - 1) } });
        var b = new Uint8Array(await rr.arrayBuffer());
        got.set(s[0], rr.status === 200 ? b.subarray(s[0], s[0] + s[1]) : b);
      }));
    }
    return spans.map(function (s) { return s[1] > 0 ? got.get(s[0]).subarray(0, s[1]) : new Uint8Array(0); });
  };
  function parseMultipart(body, boundary) {
    var text = new TextDecoder("latin1").decode(body), out = [], delim = "--" + boundary, at = 0;
    for (;;) {
      var b = text.indexOf(delim, at);
      if (b < 0) break;
      var hEnd = text.indexOf("\r\n\r\n", b);
      if (hEnd < 0) break;
      var m = /content-range:\s*bytes (\d+)-(\d+)/i.exec(text.slice(b, hEnd));
      if (!m) { at = b + delim.length; continue; }
      var s = hEnd + 4, len = +m[2] - +m[1] + 1;
      out.push({ start: +m[1], data: body.subarray(s, s + len) });
      at = s + len;
    }
    return out;
  }
  StaticIndex.prototype.positions = async function (entries) {
    var recs = await this.ranges(this.manifest.pos, entries.map(function (e) { return [e.posOff, e.posLen]; }));
    return Promise.all(recs.map(async function (raw, k) {
      var e = decodePostings(entries[k]), b = await record(raw), r = new Reader(b), out = [];
      for (var p = 0; p < e.docs.length; p++) {
        var mask = b[r.i++], fields = [];
        for (var f = 0; f < 5; f++) {
          var list = [];
          if (mask & (1 << f)) {
            var c = r.uv(), last = 0;
            for (var j = 0; j < c; j++) { last += r.uv(); list.push(last); }
          }
          fields.push(list);
        }
        out.push(fields);
      }
      return out;
    }));
  };
  StaticIndex.prototype.records = async function (docs) {
    if (!this.docmap) {
      this.docmap = this.bytes(this.manifest.docmap).then(function (b) {
        var r = new Reader(b), n = r.uv(), offs = new Float64Array(n + 1);
        for (var k = 0; k < n; k++) offs[k + 1] = offs[k] + r.uv();
        return offs;
      });
    }
    var offs = await this.docmap, cache = this.recs || (this.recs = new Map()), self = this;
    var need = docs.filter(function (d) { return !cache.has(d); });
    if (need.length) {
      var got = this.ranges(this.manifest.store, need.map(function (d) { return [offs[d], offs[d + 1] - offs[d]]; }));
      need.forEach(function (d, k) {
        cache.set(d, got.then(async function (raws) { return JSON.parse(utf8.decode(await record(raws[k]))); }));
      });
      got.catch(function () { need.forEach(function (d) { cache.delete(d); }); });
    }
    if (cache.size > 500) this.recs = null; // bound memory; the records come back by Range
    return Promise.all(docs.map(function (d) { return cache.get(d); }));
  };
  StaticIndex.prototype.facetTable = function () {
    if (!this.facets) this.facets = this.bytes(this.manifest.facets).then(function (b) { return JSON.parse(utf8.decode(b)); });
    return this.facets;
  };

  // ---- engine: a port of search/engine.go ----
  function idf(n, df) { return Math.log(1 + (n - df + 0.5) / (df + 0.5)); }
  function maxEdits(n) { return n < 3 ? 0 : n <= 5 ? 1 : 2; }
  function levenshtein(a, b, max) {
    var prev = [], cur = [], i, j;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (i = 1; i <= a.length; i++) {
      cur[0] = i;
      var lo = cur[0];
      for (j = 1; j <= b.length; j++) {
        var c = a[i - 1] === b[j - 1] ? 0 : 1;
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + c);
        lo = Math.min(lo, cur[j]);
      }
      if (lo > max) return max + 1;
      var t = prev; prev = cur; cur = t;
    }
    return Math.min(prev[b.length], max + 1);
  }
  function closest(tr, cands, k, cap) {
    var best = k + 1, out = [];
    cands.forEach(function (c) {
      var cr = Array.from(c);
      if (Math.abs(cr.length - tr.length) > k) return;
      var d = levenshtein(tr, cr, best);
      if (d < best) { best = d; out = []; }
      if (d === best) out.push(c);
    });
    return out.slice(0, cap);
  }

  async function compile(ix, q, flt) {
    var m = ix.manifest, pq = parseQuery(q), plan = { clauses: [], fuzzy: [], similar: [], notices: pq.notices.slice() };
    function pick(a, b) { return a ? String(a).toLowerCase() : b; }
    var f = { type: pick(flt.type, pq.type), team: pick(flt.team, pq.team), tag: pick(flt.tag, pq.tag), author: pick(flt.author, pq.author) };
    [["since", false], ["until", true]].forEach(function (x) {
      var s = flt[x[0]] || pq[x[0]];
      if (!s) return;
      var d = parseBound(s, x[1]);
      if (d === null) plan.notices.push('ignored date "' + s + '" (use YYYY, YYYY-MM or YYYY-MM-DD)');
      else f[x[0]] = d;
    });
    plan.filter = f;
    for (var ci = 0; ci < pq.clauses.length; ci++) {
      var c = pq.clauses[ci], toks;
      if (c.kind === "word" || c.kind === "phrase") {
        toks = analyze(c.text);
        if (!toks.length) continue;
        if (toks.length === 1) {
          var cl = { alts: [toks[0].term], neg: c.neg };
          if (c.kind === "word" && !c.neg && !(await ix.entry(toks[0].term))) {
            var tr = Array.from(toks[0].term), k = maxEdits(tr.length), alts = [];
            if (k > 0) alts = closest(tr, await ix.terms(tr[0], prefixEnd(tr[0]), "v"), k, m.limits.fuzzy);
            if (!alts.length) plan.notices.push('no match for "' + c.text + '"');
            else { plan.fuzzy.push(c.text); plan.similar.push({ notice: plan.notices.length, typed: c.text, alts: alts }); plan.notices.push(""); }
            cl.alts = alts;
          }
          plan.clauses.push(cl);
          continue;
        }
        var ph = { phrase: [], offsets: [], neg: c.neg };
        toks.forEach(function (t) { ph.phrase.push(t.term); ph.offsets.push(t.pos - toks[0].pos); });
        plan.clauses.push(ph);
      } else {
        toks = analyze(c.text, true);
        if (!toks.length) continue;
        toks.slice(0, -1).forEach(function (t) {
          analyze(t.term).forEach(function (e) { plan.clauses.push({ alts: [e.term], neg: c.neg }); });
        });
        var pre = toks[toks.length - 1].term;
        if (Array.from(pre).length < 2) { plan.notices.push('prefix "' + pre + '*" is too short (2 letters at least)'); continue; }
        var ex = await ix.terms(pre, prefixEnd(pre), "t"), st = stem(pre);
        if (st !== pre) { // deploy is indexed as deploi: see expandPrefix
          ex = ex.concat(await ix.terms(st, prefixEnd(st), "t")).sort(cmp).filter(function (t, k, a) { return k === 0 || a[k - 1] !== t; });
        }
        if (ex.length > m.limits.expansions) {
          ex = ex.slice(0, m.limits.expansions);
          plan.notices.push(pre + "* matches many words; only the first " + m.limits.expansions + " are used");
        }
        plan.clauses.push({ alts: ex, neg: c.neg });
      }
    }
    return plan;
  }

  // clauseScores returns the clause's score per document number, NaN where
  // the clause does not match (scores are dense: n is at most a few 10,000).
  async function clauseScores(ix, n, c) {
    var m = new Float64Array(n).fill(NaN), k;
    if (!c.phrase) {
      var ents = await Promise.all(c.alts.map(function (t) { return ix.entry(t); }));
      ents.forEach(function (e) {
        if (!e) return;
        decodePostings(e);
        var w = idf(n, e.df), docs = e.docs, imp = e.imp;
        for (k = 0; k < docs.length; k++) {
          var v = w * imp[k] / 1000, old = m[docs[k]];
          if (!(old >= v)) m[docs[k]] = v;
        }
      });
      return m;
    }
    var entries = await Promise.all(c.phrase.map(function (t) { return ix.entry(t); }));
    if (entries.some(function (x) { return !x; })) return m;
    var pos = await ix.positions(entries);
    var idx = entries.map(function (e) {
      decodePostings(e);
      var by = new Map();
      for (var j = 0; j < e.docs.length; j++) by.set(e.docs[j], j);
      return by;
    });
    var idfs = entries.map(function (e) { return idf(n, e.df); });
    idx[0].forEach(function (j0, d) {
      var js = [j0];
      for (var i = 1; i < idx.length; i++) { if (!idx[i].has(d)) return; js.push(idx[i].get(d)); }
      var found = false;
      for (var f = 0; f < 5 && !found; f++) {
        var first = pos[0][j0][f];
        for (var a = 0; a < first.length && !found; a++) {
          var ok = true;
          for (i = 1; i < idx.length && ok; i++) ok = pos[i][js[i]][f].indexOf(first[a] + c.offsets[i]) >= 0;
          found = ok;
        }
      }
      if (!found) return;
      var v = 0;
      for (i = 0; i < entries.length; i++) v += idfs[i] * entries[i].imp[js[i]] / 1000;
      m[d] = v;
    });
    return m;
  }

  function filterFn(f, table) {
    if (!table) return function () { return true; };
    var vals = table.values;
    function id(facet, v) { return v ? (vals[facet] || []).indexOf(v) : -2; }
    var ty = id("type", f.type), tm = id("team", f.team), tg = id("tag", f.tag), au = id("author", f.author);
    return function (d) {
      var x = table.docs[d];
      if (f.type && x[0] !== ty || f.team && x[1] !== tm) return false;
      if (f.tag && x[2].indexOf(tg) < 0 || f.author && x[3].indexOf(au) < 0) return false;
      if ((f.since !== undefined || f.until !== undefined) && x[4] === null) return false;
      return !(f.since !== undefined && x[4] < f.since || f.until !== undefined && x[4] > f.until);
    };
  }

  // best keeps the top `want` of acc by (score desc, doc asc) without
  // sorting every match: documents come in doc order, so an equal score
  // never displaces.
  function best(acc, want, res) {
    var top = [];
    for (var d = 0; d < acc.length; d++) {
      var v = acc[d];
      if (v !== v) continue;
      res.total++;
      var sc = Math.fround(v);
      if (top.length === want && !(sc > top[want - 1].score)) continue;
      var lo = 0, hi = top.length;
      while (lo < hi) { var mid = (lo + hi) >> 1; if (top[mid].score >= sc) lo = mid + 1; else hi = mid; }
      top.splice(lo, 0, { doc: d, score: sc });
      if (top.length > want) top.pop();
    }
    return top;
  }

  // newest lists the pages a filter-only query lets through as a list page
  // does, like newestFirst in search/engine.go: newest first, undated last,
  // then by URL.
  function newest(acc, table, want, res) {
    var docs = [];
    for (var d = 0; d < acc.length; d++) if (acc[d] === acc[d]) docs.push(d);
    res.total = docs.length;
    function day(d) { var x = table.docs[d][4]; return x === null ? -Infinity : x; }
    docs.sort(function (a, b) { return day(b) - day(a) || a - b; });
    return docs.slice(0, want).map(function (d) { return { doc: d, score: 0 }; });
  }

  async function staticSearch(ix, q, flt, limit) {
    var m = await ix.init(), plan = await compile(ix, q, flt || {}), n = m.docs;
    var res = { hits: [], total: 0, fuzzy: plan.fuzzy, notice: "" };
    var positive = plan.clauses.some(function (c) { return !c.neg; });
    var f = plan.filter;
    var filtering = f.type || f.team || f.tag || f.author || f.since !== undefined || f.until !== undefined;
    if (!positive && !filtering) {
      plan.notices.push(plan.clauses.length || q.trim() !== "" ? "nothing to search for: add a word that is not excluded or too common" : "empty query");
      res.notice = plan.notices.join("; ");
      return res;
    }
    var table = filtering ? await ix.facetTable() : null, ok = filterFn(f, table);
    var all = await Promise.all(plan.clauses.map(function (c) { return clauseScores(ix, n, c); }));
    // acc is the sum of the positive clauses' scores, NaN where one of them
    // does not match or a negative clause does; clauses add in query order.
    // A filter-only query (type:retro) scores every page it lets through 0.
    var acc = null, d;
    plan.clauses.forEach(function (c, ci) {
      var sm = all[ci];
      if (c.neg) return;
      if (!acc) { acc = sm; for (d = 0; d < n; d++) if (acc[d] === acc[d] && !ok(d)) acc[d] = NaN; return; }
      for (d = 0; d < n; d++) acc[d] += sm[d];
    });
    if (!acc) { acc = new Float64Array(n); for (d = 0; d < n; d++) if (!ok(d)) acc[d] = NaN; }
    plan.clauses.forEach(function (c, ci) {
      if (!c.neg) return;
      var sm = all[ci];
      for (d = 0; d < n; d++) if (sm[d] === sm[d]) acc[d] = NaN;
    });
    var top = positive ? best(acc, limit || 10, res) : newest(acc, table, limit || 10, res);
    var recs = await ix.records(top.map(function (h) { return h.doc; }));
    var terms = new Set();
    plan.clauses.forEach(function (c) { if (!c.neg) (c.alts || c.phrase).forEach(function (t) { terms.add(t); }); });
    var written = new Map();
    top.forEach(function (h, k) {
      var r = recs[k], sn = snippet(r[4], terms);
      res.hits.push({ doc: h.doc, url: r[0], title: r[1], type: r[2], date: r[3], score: h.score, heading: positive ? sn.heading : "", parts: sn.parts });
      if (plan.similar.length) collectWritten(written, r[4], terms);
    });
    plan.similar.forEach(function (sim) {
      var names = [];
      sim.alts.forEach(function (t) { var w = written.has(t) ? written.get(t) : t; if (names.indexOf(w) < 0) names.push(w); });
      plan.notices[sim.notice] = 'no exact match for "' + sim.typed + '"; showing similar words (' + names.join(", ") + ")";
    });
    res.notice = plan.notices.join("; ");
    return res;
  }

  // collectWritten maps terms to the word as the results write it, lower-
  // cased, the shortest first met, like writtenAs in search/engine.go.
  function collectWritten(w, secs, terms) {
    secs.forEach(function (sec) {
      var text = sec[2];
      eachToken(text, function (a, b) {
        var t = termOf(text.slice(a, b));
        if (t === null || !terms.has(t)) return;
        var word = lower(text.slice(a, b)), old = w.get(t);
        if (old === undefined || Array.from(word).length < Array.from(old).length) w.set(t, word);
      });
    });
  }

  // snippet returns {heading, parts: [[text, marked]...]} like search/snippet.go.
  function snippet(secs, terms) {
    var best = -1, bestN = 0, bestToks = [];
    // Count the query terms per section without keeping tokens; a section
    // with every term cannot be beaten by a later one.
    for (var i = 0; i < secs.length && bestN < terms.size; i++) {
      var seen = new Set(), text = secs[i][2];
      eachToken(text, function (a, b) {
        var t = termOf(text.slice(a, b));
        if (t !== null && terms.has(t)) seen.add(t);
      });
      if (seen.size > bestN) { best = i; bestN = seen.size; }
    }
    if (!secs.length) return { heading: "", parts: [] };
    if (best < 0) best = 0;
    else bestToks = analyze(secs[best][2]);
    var text = secs[best][2], first = -1;
    for (var k = 0; k < bestToks.length; k++) if (terms.has(bestToks[k].term)) { first = bestToks[k].s; break; }
    var start = 0;
    if (first > 60) { start = first - 60; var sp = text.slice(start, first).indexOf(" "); if (sp >= 0) start += sp + 1; }
    var end = Math.min(text.length, start + 220);
    if (end < text.length) { var ls = text.slice(start, end).lastIndexOf(" "); if (ls > 0) end = start + ls; }
    var parts = [], at = start;
    if (start > 0) parts.push(["\u2026", false]);
    bestToks.forEach(function (t) {
      if (!terms.has(t.term) || t.s < start || t.e > end) return;
      parts.push([text.slice(at, t.s), false], [text.slice(t.s, t.e), true]);
      at = t.e;
    });
    parts.push([text.slice(at, end), false]);
    if (end < text.length) parts.push(["\u2026", false]);
    return { heading: secs[best][0], parts: parts };
  }

  // ---- searcher: live endpoint when `lore serve` has one, else static ----
  function Searcher(base) {
    this.base = base;
    this.ix = new StaticIndex(base);
    this.mode = null;
  }
  Searcher.prototype.probe = function () {
    var self = this;
    if (!this.mode) {
      // Only pages lore serve renders (data-dev) can have its live index
      // behind them; a built site, even previewed from localhost, never
      // does, so it makes no request that can only fail.
      var dev = document.documentElement.hasAttribute("data-dev");
      this.mode = !dev ? Promise.resolve("static") : fetch(this.base + "_lore/api/search?q=&n=1").then(function (r) {
        // 503: lore serve runs without its index and says why.
        return r.ok && /json/.test(r.headers.get("Content-Type") || "") || r.status === 503 ? "api" : "static";
      }).catch(function () { return "static"; });
    }
    return this.mode;
  };
  Searcher.prototype.search = async function (q, flt, limit) {
    if ((await this.probe()) === "api") {
      var p = new URLSearchParams({ q: q, n: String(limit || 10) });
      Object.keys(flt || {}).forEach(function (k) { if (flt[k]) p.set(k, flt[k]); });
      var r = await fetch(this.base + "_lore/api/search?" + p);
      if (!r.ok) throw new Error(await r.text());
      var j = await r.json();
      return { total: j.total, fuzzy: j.fuzzy, notice: j.notice, live: true, hits: j.hits.map(function (h) {
        return { url: h.url, title: h.title, type: h.type, date: h.date, score: h.score, heading: h.heading || "", html: h.snippet };
      }) };
    }
    return staticSearch(this.ix, q, flt, limit);
  };
  Searcher.prototype.counts = async function () {
    if ((await this.probe()) === "api") return null;
    return (await this.ix.init()).counts;
  };

  // ---- UI ----
  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k]; else e.setAttribute(k, attrs[k]);
    });
    (kids || []).forEach(function (c) { if (c) e.appendChild(c); });
    return e;
  }
  function snippetNode(h) {
    var p = el("p", { class: "lore-search-snippet" });
    if (h.parts) {
      h.parts.forEach(function (pt) { p.appendChild(pt[1] ? el("mark", { text: pt[0] }) : document.createTextNode(pt[0])); });
    } else if (h.html) {
      // The server escapes everything but <mark>; rebuild nodes anyway.
      h.html.split(/(<mark>|<\/mark>)/).reduce(function (marked, part) {
        if (part === "<mark>") return true;
        if (part === "</mark>") return false;
        var t = new DOMParser().parseFromString("<!doctype html><body>" + part, "text/html").body.textContent;
        p.appendChild(marked ? el("mark", { text: t }) : document.createTextNode(t));
        return marked;
      }, false);
    }
    return p;
  }
  function hitHref(base, h) {
    return base + h.url.replace(/^\//, "") + (h.heading ? "#" + encodeURIComponent(h.heading) : "");
  }
  function debounce(fn, ms) {
    var t;
    return function () { clearTimeout(t); t = setTimeout(fn, ms); };
  }

  // Results renders hits as a list of ordinary links, on the page and in
  // the dialog. Links rather than listbox options: screen readers announce
  // them as links, Tab reaches them, and middle-click or "open in new tab"
  // work. The arrow keys move real focus between the search box and them.
  function Results(root, input, base) {
    this.root = root; this.input = input; this.base = base; this.items = [];
    var self = this;
    root.addEventListener("keydown", function (ev) { self.key(ev); });
    input.addEventListener("keydown", function (ev) { self.key(ev); });
  }
  // render lists res.hits; rest, if given, says where the hits not listed
  // are, for the status line.
  Results.prototype.render = function (res, status, rest) {
    var self = this;
    this.root.textContent = "";
    this.items = res.hits.map(function (h) {
      var meta = [h.type, h.date].filter(Boolean).join(" · ");
      var a = el("a", { href: hitHref(self.base, h) }, [
        el("span", { class: "lore-search-title", text: h.title || h.url }),
        meta ? el("span", { class: "lore-search-meta", text: meta }) : null,
        snippetNode(h)]);
      self.root.appendChild(el("li", { class: "lore-search-hit" }, [a]));
      return a;
    });
    if (status) status.textContent = (res.notice ? res.notice + ". " : "") + countText(res.total, res.hits.length, rest);
  };
  // key: Down and Up step through the input and the hits; a character
  // typed on a hit goes on into the search box (focus moves before the
  // browser inserts it).
  Results.prototype.key = function (ev) {
    var at = this.items.indexOf(document.activeElement), n = this.items.length;
    if (ev.key === "ArrowDown" && n) this.items[Math.min(at + 1, n - 1)].focus();
    else if (ev.key === "ArrowUp" && at >= 0) (at === 0 ? this.input : this.items[at - 1]).focus();
    else {
      if (at >= 0 && ev.key.length === 1 && !ev.ctrlKey && !ev.metaKey && !ev.altKey) this.input.focus();
      return;
    }
    ev.preventDefault();
  };

  // countText says how many pages match and, when fewer are listed, how
  // many are and where the rest are.
  function countText(total, shown, rest) {
    if (total === 0) return "No results.";
    if (shown >= total) return total + (total === 1 ? " result." : " results.");
    return shown + " of " + total + " results shown" + (rest ? "; " + rest : "") + ".";
  }

  // focusables lists what Tab can reach inside box, in document order.
  function focusables(box) {
    return Array.prototype.filter.call(box.querySelectorAll("a[href], button, input, select, textarea, [tabindex]"), function (e) {
      return e.tabIndex >= 0 && !e.disabled && e.getClientRects().length > 0;
    });
  }
  // trapTab keeps Tab inside box, as a modal dialog must: past the last
  // element it goes to the first and, with Shift, the other way round.
  // Between them the browser's own order applies.
  function trapTab(box, ev) {
    var all = focusables(box), at = all.indexOf(document.activeElement), to = null;
    if (!all.length) return;
    if (at < 0) to = ev.shiftKey ? all[all.length - 1] : all[0];
    else if (ev.shiftKey && at === 0) to = all[all.length - 1];
    else if (!ev.shiftKey && at === all.length - 1) to = all[0];
    if (to) { ev.preventDefault(); to.focus(); }
  }

  var FACETS = ["type", "team", "tag", "author", "year"];

  function filtersOf(params) {
    var f = {};
    ["type", "team", "tag", "author", "since", "until"].forEach(function (k) { if (params.get(k)) f[k] = params.get(k); });
    if (params.get("year")) { f.since = params.get("year"); f.until = params.get("year"); }
    return f;
  }

  function initPage(s, base) {
    var form = document.getElementById("lore-search-form");
    if (!form) return;
    var input = form.querySelector("input[name=q]");
    var list = document.getElementById("lore-search-results");
    var status = document.getElementById("lore-search-status");
    var view = new Results(list, input, base);
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    var selects = {};
    FACETS.forEach(function (name) {
      var sel = form.querySelector("select[name=" + name + "]");
      if (!sel) return;
      selects[name] = sel;
      // The filter in the address applies at once, before the counts arrive
      // (and when the live endpoint gives none): its option is made here.
      var v = params.get(name);
      if (v) {
        sel.appendChild(el("option", { value: v, text: v }));
        sel.value = v;
      }
    });
    s.counts().then(function (counts) {
      FACETS.forEach(function (name) {
        var sel = selects[name];
        if (!sel || !counts) return;
        (counts[name] || []).forEach(function (c) {
          var text = c.v + " (" + c.n + ")";
          var have = Array.prototype.find.call(sel.options, function (o) { return o.value === c.v; });
          if (have) have.textContent = text;
          else sel.appendChild(el("option", { value: c.v, text: text }));
        });
        sel.value = params.get(name) || "";
      });
    }).catch(function () {});
    var seq = 0;
    function run() {
      var p = new URLSearchParams();
      if (input.value) p.set("q", input.value);
      Object.keys(selects).forEach(function (k) { if (selects[k].value) p.set(k, selects[k].value); });
      // Date bounds have no control on the page; a link may carry them
      // (search/?q=outage&since=2024-01-01), and they stay in force.
      ["since", "until"].forEach(function (k) { if (params.get(k)) p.set(k, params.get(k)); });
      history.replaceState(null, "", location.pathname + (p.toString() ? "?" + p : ""));
      if (!input.value.trim() && !anyFilter(p)) { list.textContent = ""; status.textContent = ""; return; }
      var my = ++seq;
      s.search(input.value, filtersOf(p), 20).then(function (res) {
        if (my === seq) view.render(res, status);
      }).catch(function (e) { status.textContent = "Search failed: " + e.message; });
    }
    var later = debounce(run, 120);
    input.addEventListener("input", later);
    form.addEventListener("change", run);
    form.addEventListener("submit", function (ev) { ev.preventDefault(); run(); });
    if (input.value || anyFilter(params)) run();
  }

  // anyFilter: a filter alone lists its pages (type=retro shows every retro).
  function anyFilter(params) {
    return ["type", "team", "tag", "author", "since", "until", "year"].some(function (k) { return params.get(k); });
  }

  // The dialog's panel, written here rather than into every page.
  function fillDialog(dlg, base) {
    dlg.innerHTML =
      '<div class="lore-search-panel">' +
      '<input type="search" autocomplete="off" spellcheck="false" placeholder="Search\u2026" aria-label="Search the wiki">' +
      '<p class="lore-search-status" role="status" aria-live="polite"></p>' +
      '<ul id="lore-search-dialog-list" class="lore-search-results" aria-label="Search results"></ul>' +
      '<p class="lore-search-foot"><a class="lore-search-all">All results and filters</a>' +
      ' <span><kbd>\u2191</kbd><kbd>\u2193</kbd> move \u00b7 <kbd>Enter</kbd> open \u00b7 <kbd>Esc</kbd> close</span>' +
      ' <button type="button" data-close>Close</button></p></div>';
    dlg.querySelector("a.lore-search-all").href = base + "search/";
  }

  // unlist drops the listbox and combobox roles from a theme's own panel
  // made for earlier versions: the hits are links now, and links inside
  // options are what screen readers cannot reach.
  function unlist(list, input) {
    list.removeAttribute("role");
    if (input.getAttribute("role") === "combobox") input.removeAttribute("role");
    ["aria-autocomplete", "aria-expanded", "aria-activedescendant"].forEach(function (a) { input.removeAttribute(a); });
  }

  function initDialog(s, base) {
    var dlg = document.getElementById("lore-search-dialog");
    if (!dlg) return;
    if (!dlg.querySelector("input")) fillDialog(dlg, base);
    var input = dlg.querySelector("input");
    var list = dlg.querySelector(".lore-search-results, [role=listbox]");
    var status = dlg.querySelector(".lore-search-status");
    var more = dlg.querySelector("a.lore-search-all");
    unlist(list, input);
    var view = new Results(list, input, base);
    var opener = null, seq = 0, listed = null; // listed: the input value whose hits are shown
    function open() {
      if (!dlg.hidden) return;
      opener = document.activeElement;
      dlg.hidden = false;
      input.focus();
      input.select();
      s.probe();
    }
    function close() {
      if (dlg.hidden) return;
      dlg.hidden = true;
      if (opener && opener.focus) opener.focus();
    }
    function allHref() { return base + "search/?q=" + encodeURIComponent(input.value); }
    // refresh searches for what the input holds and lists the hits; its
    // promise settles once they are shown (or the search failed).
    function refresh() {
      var typed = input.value, q = typed;
      if (!q.trim()) { list.textContent = ""; status.textContent = ""; view.items = []; listed = typed; return Promise.resolve(); }
      // As you type, the last word also matches as a prefix.
      if (!/\s$/.test(q) && /[\p{L}\p{N}]{2,}$/u.test(q)) q += "*";
      var my = ++seq;
      return s.search(q, {}, 8).then(function (res) {
        if (my !== seq) return;
        view.render(res, status, "the rest under All results and filters");
        listed = typed;
      }).catch(function (e) { status.textContent = "Search failed: " + e.message; });
    }
    // go answers Enter in the search box when no hit has focus: the first
    // hit for what was typed, waiting for it if need be, or the search
    // page when there is none.
    function go() {
      (listed === input.value ? Promise.resolve() : refresh()).then(function () {
        if (listed === input.value && view.items.length) view.items[0].click();
        else location.assign(allHref());
      });
    }
    document.addEventListener("keydown", function (ev) {
      var t = ev.target, typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
      if ((ev.key === "k" || ev.key === "K") && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); open(); }
      else if (ev.key === "/" && !typing && dlg.hidden) { ev.preventDefault(); open(); }
      else if (ev.key === "Escape" && !dlg.hidden) { ev.preventDefault(); close(); }
    });
    dlg.addEventListener("click", function (ev) { if (ev.target === dlg || ev.target.hasAttribute("data-close")) close(); });
    document.querySelectorAll("[data-lore-search-open], [data-search-open]").forEach(function (b) {
      b.addEventListener("click", function (ev) { ev.preventDefault(); open(); });
    });
    dlg.addEventListener("keydown", function (ev) { if (ev.key === "Tab") trapTab(dlg, ev); });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" && !ev.isComposing && !ev.ctrlKey && !ev.metaKey && !ev.shiftKey && !ev.altKey) { ev.preventDefault(); go(); }
    });
    input.addEventListener("input", debounce(refresh, 100));
    if (more) input.addEventListener("input", function () { more.href = allHref(); });
  }

  var base = (document.documentElement && document.documentElement.dataset.base) || "/";
  if (!base.endsWith("/")) base += "/";
  var searcher = new Searcher(base);
  // Exposed for tests and for themes that build their own UI.
  window.loreSearch = {
    analyze: function (t) { return analyze(t).map(function (x) { return [x.term, x.pos]; }); },
    parse: parseQuery,
    stem: stem,
    search: function (q, f, n) { return searcher.search(q, f || {}, n || 10); },
    staticSearch: function (q, f, n) { return staticSearch(searcher.ix, q, f || {}, n || 10); }
  };
  function start() { initPage(searcher, base); initDialog(searcher, base); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();

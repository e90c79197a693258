// The VBScript runtime, part 2: the built-in functions and constants (1-based string positions, Variant
// conversions, arrays, dates from the emulation clock) and VBScript.RegExp. Loaded after vbs-runtime.js.
(function () {
  'use strict';
  return function install(kit, host, vb) {
    var num = vb.num, str = vb.str, bool = vb.bool, int32 = vb.int32, val = vb.val, error = vb.error;
    var MaxString = 16 * 1024 * 1024;

    function count(v) { var n = int32(v); if (n < 0) { throw error(5, 'Invalid procedure call or argument'); } return n; }
    function position(v) { var n = int32(v); if (n < 1) { throw error(5, 'Invalid procedure call or argument'); } return n; }
    function textCompare(mode) { return mode !== undefined && int32(mode) === 1; }
    function repeat(text, n) {
      if (n * text.length > MaxString) { throw error(7, 'Out of string space'); }
      return new Array(n + 1).join(text);
    }
    function asDate(v) {
      v = val(v);
      if (v instanceof Date) { return v; }
      if (typeof v === 'number') { return new Date(vb.OleEpoch + v * 86400000); }
      var d = new Date(str(v));
      if (isNaN(d.getTime())) { throw error(13, 'Type mismatch'); }
      return d;
    }
    function fromCode(n, wide) {
      var c = int32(n);
      if (wide ? c < -32768 || c > 65535 : c < 0 || c > 255) { throw error(5, 'Invalid procedure call or argument'); }
      return String.fromCharCode(c & 0xFFFF);
    }
    function code(s) {
      var t = str(s);
      if (t.length === 0) { throw error(5, 'Invalid procedure call or argument'); }
      return t.charCodeAt(0);
    }
    function ranged(v, low, high) {
      var n = vb.round(num(v));
      if (n < low || n > high) { throw error(6, 'Overflow'); }
      return n;
    }
    function typeName(v) {
      if (v === undefined) { return 'Empty'; }
      if (v === null) { return 'Null'; }
      if (v === vb.nothing) { return 'Nothing'; }
      if (Array.isArray(v)) { return 'Variant()'; }
      if (v instanceof Date) { return 'Date'; }
      if (vb.isClass(v)) { return v.__vbclass; }
      switch (typeof v) {
        case 'string': return 'String';
        case 'boolean': return 'Boolean';
        case 'number': return v === Math.floor(v) && v >= -32768 && v <= 32767 ? 'Integer' : v === Math.floor(v) && v >= -2147483648 && v <= 2147483647 ? 'Long' : 'Double';
      }
      return 'Object';
    }
    var varTypes = { Empty: 0, Null: 1, Integer: 2, Long: 3, Double: 5, Date: 7, String: 8, Object: 9, Nothing: 9, Boolean: 11, 'Variant()': 8204 };
    function escapeText(s) {
      return str(s).replace(/[^A-Za-z0-9@*_+\-./]/g, function (c) {
        var n = c.charCodeAt(0);
        return n < 256 ? '%' + (n < 16 ? '0' : '') + n.toString(16).toUpperCase() : '%u' + ('000' + n.toString(16).toUpperCase()).slice(-4);
      });
    }
    function unescapeText(s) {
      return str(s).replace(/%u([0-9a-f]{4})|%([0-9a-f]{2})/gi, function (all, wide, narrow) { return String.fromCharCode(parseInt(wide || narrow, 16)); });
    }
    function replaceText(s, find, by, start, limit, mode) {
      var text = str(s), what = str(find), replacement = str(by);
      var from = start === undefined ? 1 : position(start);
      var max = limit === undefined ? -1 : int32(limit);
      text = text.slice(from - 1);
      if (what.length === 0 || max === 0) { return text; }
      var haystack = textCompare(mode) ? text.toLowerCase() : text, needle = textCompare(mode) ? what.toLowerCase() : what;
      var out = [], at = 0, done = 0;
      while (max < 0 || done < max) {
        var i = haystack.indexOf(needle, at);
        if (i < 0) { break; }
        out.push(text.slice(at, i), replacement);
        at = i + what.length;
        done++;
        if (out.length > 4000000) { throw error(7, 'Out of string space'); }
      }
      out.push(text.slice(at));
      return out.join('');
    }
    function splitText(s, delimiter, limit, mode) {
      var text = str(s);
      if (text.length === 0) { return []; }
      var d = delimiter === undefined ? ' ' : str(delimiter);
      var max = limit === undefined ? -1 : int32(limit);
      if (d.length === 0) { return [text]; }
      var haystack = textCompare(mode) ? text.toLowerCase() : text, needle = textCompare(mode) ? d.toLowerCase() : d;
      var parts = [], at = 0;
      while (max < 0 || parts.length < max - 1) {
        var i = haystack.indexOf(needle, at);
        if (i < 0) { break; }
        parts.push(text.slice(at, i));
        at = i + d.length;
      }
      parts.push(text.slice(at));
      return parts;
    }
    function inStr(a, b, c, d) {
      var start = 1, s1 = a, s2 = b, mode = undefined;
      if (arguments.length >= 3) { start = position(a); s1 = b; s2 = c; mode = d; }
      if (s1 === null || s2 === null) { return null; }
      var hay = str(s1), needle = str(s2);
      if (textCompare(mode)) { hay = hay.toLowerCase(); needle = needle.toLowerCase(); }
      if (start > hay.length) { return 0; }
      return hay.indexOf(needle, start - 1) + 1;
    }
    function inStrRev(s1, s2, start, mode) {
      var hay = str(s1), needle = str(s2);
      var from = start === undefined || int32(start) === -1 ? hay.length : position(start);
      if (textCompare(mode)) { hay = hay.toLowerCase(); needle = needle.toLowerCase(); }
      if (from > hay.length) { return 0; }
      var i = hay.lastIndexOf(needle, from - needle.length);
      return i < 0 || i + needle.length > from ? 0 : i + 1;
    }
    function boundOf(a, dimension) {
      if (!Array.isArray(a)) { throw error(13, 'Type mismatch'); }
      var level = dimension === undefined ? 1 : int32(dimension);
      for (var i = 1; i < level; i++) {
        a = a[0];
        if (!Array.isArray(a)) { throw error(9, 'Subscript out of range'); }
      }
      return a.length - 1;
    }
    function now() { return new Date(); }
    var months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
    var days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
    var intervals = { yyyy: 'y', q: 'q', m: 'm', y: 'd', d: 'd', w: 'd', ww: 'w', h: 'h', n: 'n', s: 's' };
    var intervalMs = { d: 86400000, w: 604800000, h: 3600000, n: 60000, s: 1000 };
    function dateAdd(interval, amount, date) {
      var d = new Date(asDate(date).getTime()), n = int32(amount), unit = intervals[str(interval).toLowerCase()];
      if (unit === 'y') { d.setFullYear(d.getFullYear() + n); } else if (unit === 'q') { d.setMonth(d.getMonth() + 3 * n); } else if (unit === 'm') { d.setMonth(d.getMonth() + n); } else if (intervalMs[unit]) { d = new Date(d.getTime() + n * intervalMs[unit]); } else { throw error(5, 'Invalid procedure call or argument'); }
      return d;
    }
    function dateDiff(interval, a, b) {
      var x = asDate(a), y = asDate(b), unit = intervals[str(interval).toLowerCase()];
      if (unit === 'y') { return y.getFullYear() - x.getFullYear(); }
      if (unit === 'm' || unit === 'q') { var m = (y.getFullYear() - x.getFullYear()) * 12 + y.getMonth() - x.getMonth(); return unit === 'q' ? Math.trunc(m / 3) : m; }
      if (intervalMs[unit]) { return Math.trunc((y.getTime() - x.getTime()) / intervalMs[unit]); }
      throw error(5, 'Invalid procedure call or argument');
    }

    var b = vb.b;
    b.abs = function (n) { return n === null ? null : Math.abs(num(n)); };
    b.array = function () { return Array.prototype.slice.call(arguments); };
    b.asc = code; b.ascb = code; b.ascw = code;
    b.atn = function (n) { return Math.atan(num(n)); };
    b.cbool = bool;
    b.cbyte = function (v) { return ranged(v, 0, 255); };
    b.ccur = function (v) { return Math.round(num(v) * 10000) / 10000; };
    b.cdate = asDate;
    b.cdbl = num; b.csng = num;
    b.chr = function (n) { return fromCode(n, false); };
    b.chrb = b.chr;
    b.chrw = function (n) { return fromCode(n, true); };
    b.cint = function (v) { return ranged(v, -32768, 32767); };
    b.clng = function (v) { return ranged(v, -2147483648, 2147483647); };
    b.cos = function (n) { return Math.cos(num(n)); };
    b.createobject = function (progId) { return kit.createObject(str(progId)); };
    b.cstr = function (v) { if (v === null) { throw error(94, 'Invalid use of Null'); } return str(v); };
    b.date = function () { var d = now(); return new Date(d.getFullYear(), d.getMonth(), d.getDate()); };
    b.dateadd = dateAdd;
    b.datediff = dateDiff;
    b.datepart = function (interval, date) {
      var d = asDate(date), unit = str(interval).toLowerCase();
      return { yyyy: d.getFullYear(), m: d.getMonth() + 1, d: d.getDate(), w: d.getDay() + 1, h: d.getHours(), n: d.getMinutes(), s: d.getSeconds() }[unit];
    };
    b.dateserial = function (y, m, d) { return new Date(int32(y), int32(m) - 1, int32(d)); };
    b.day = function (d) { return asDate(d).getDate(); };
    b.escape = escapeText;
    b.exp = function (n) { return Math.exp(num(n)); };
    b.filter = function (list, match, include, mode) {
      var wanted = include === undefined ? true : bool(include), needle = textCompare(mode) ? str(match).toLowerCase() : str(match);
      return vb.items(list).filter(function (x) { var t = textCompare(mode) ? str(x).toLowerCase() : str(x); return (t.indexOf(needle) >= 0) === wanted; });
    };
    b.fix = function (n) { return n === null ? null : Math.trunc(num(n)); };
    b.formatnumber = function (n, digits) { return num(n).toFixed(digits === undefined ? 2 : Math.min(Math.max(int32(digits), 0), 20)); };
    b.getlocale = function () { return 1033; };
    b.getobject = function (path, progId) { return kit.getObject(path === undefined ? '' : str(path), progId === undefined ? undefined : str(progId)); };
    b.getref = function (name) {
      var f = globalThis['f_' + str(name).toLowerCase()];
      if (typeof f !== 'function') { throw error(5, 'Invalid procedure call or argument'); }
      return f;
    };
    b.hex = function (n) { var v = int32(n); return (v < 0 ? v >>> 0 : v).toString(16).toUpperCase(); };
    b.hour = function (d) { return asDate(d).getHours(); };
    b.inputbox = function (prompt, title, fallback) { host.event('inputbox', str(prompt), ''); return fallback === undefined ? '' : str(fallback); };
    b.instr = inStr;
    b.instrrev = inStrRev;
    b.int = function (n) { return n === null ? null : Math.floor(num(n)); };
    b.isarray = function (v) { return Array.isArray(v); };
    b.isdate = function (v) { v = val(v); if (v instanceof Date) { return true; } if (typeof v !== 'string') { return false; } return !isNaN(new Date(v).getTime()); };
    b.isempty = function (v) { return v === undefined; };
    b.isnull = function (v) { return v === null; };
    b.isnumeric = function (v) {
      v = val(v);
      if (typeof v === 'number' || typeof v === 'boolean' || v === undefined) { return true; }
      if (typeof v !== 'string') { return false; }
      try { num(v); return true; } catch (e) { return false; }
    };
    b.isobject = function (v) { return vb.isObject(v); };
    b.join = function (list, delimiter) { return vb.items(list).map(str).join(delimiter === undefined ? ' ' : str(delimiter)); };
    b.lbound = function (a) { if (!Array.isArray(a)) { throw error(13, 'Type mismatch'); } return 0; };
    b.lcase = function (s) { return s === null ? null : str(s).toLowerCase(); };
    b.left = function (s, n) { return s === null ? null : str(s).slice(0, count(n)); };
    b.len = function (s) { return s === null ? null : str(s).length; };
    b.lenb = function (s) { return s === null ? null : str(s).length * 2; };
    b.log = function (n) { var v = num(n); if (v <= 0) { throw error(5, 'Invalid procedure call or argument'); } return Math.log(v); };
    b.ltrim = function (s) { return str(s).replace(/^ +/, ''); };
    b.mid = function (s, start, length) {
      if (s === null) { return null; }
      var text = str(s), from = position(start) - 1;
      return length === undefined ? text.slice(from) : text.substr(from, count(length));
    };
    b.midb = b.mid;
    b.minute = function (d) { return asDate(d).getMinutes(); };
    b.month = function (d) { return asDate(d).getMonth() + 1; };
    b.monthname = function (m, short) { var name = months[(int32(m) + 11) % 12]; return short !== undefined && bool(short) ? name.slice(0, 3) : name; };
    b.msgbox = function (prompt) { host.event('msgbox', str(prompt), ''); return 1; };
    b.now = now;
    b.oct = function (n) { var v = int32(n); return (v < 0 ? v >>> 0 : v).toString(8); };
    b.randomize = function () {};
    b.replace = replaceText;
    b.rgb = function (r, g, bl) { return (int32(r) & 255) + (int32(g) & 255) * 256 + (int32(bl) & 255) * 65536; };
    b.right = function (s, n) { if (s === null) { return null; } var t = str(s), k = count(n); return k >= t.length ? t : t.slice(t.length - k); };
    b.rnd = function () { return Math.random(); };
    b.round = function (n, digits) {
      var scale = Math.pow(10, digits === undefined ? 0 : int32(digits));
      return vb.round(num(n) * scale) / scale;
    };
    b.rtrim = function (s) { return str(s).replace(/ +$/, ''); };
    b.scriptengine = function () { return 'VBScript'; };
    b.scriptenginebuildversion = function () { return 16384; };
    b.scriptenginemajorversion = function () { return 5; };
    b.scriptengineminorversion = function () { return 8; };
    b.second = function (d) { return asDate(d).getSeconds(); };
    b.setlocale = function () { return 1033; };
    b.sgn = function (n) { return Math.sign(num(n)); };
    b.sin = function (n) { return Math.sin(num(n)); };
    b.space = function (n) { return repeat(' ', count(n)); };
    b.split = splitText;
    b.sqr = function (n) { return Math.sqrt(num(n)); };
    b.strcomp = function (a, c, mode) {
      var x = str(a), y = str(c);
      if (textCompare(mode)) { x = x.toLowerCase(); y = y.toLowerCase(); }
      return x < y ? -1 : x > y ? 1 : 0;
    };
    b.string = function (n, c) { var ch = typeof val(c) === 'number' ? fromCode(c, true) : str(c).charAt(0); return repeat(ch, count(n)); };
    b.strreverse = function (s) { return str(s).split('').reverse().join(''); };
    b.tan = function (n) { return Math.tan(num(n)); };
    b.time = function () { var d = now(); return new Date(vb.OleEpoch + (d.getHours() * 3600 + d.getMinutes() * 60 + d.getSeconds()) * 1000); };
    b.timer = function () { var d = now(); return d.getHours() * 3600 + d.getMinutes() * 60 + d.getSeconds() + d.getMilliseconds() / 1000; };
    b.timeserial = function (h, m, s) { return new Date(vb.OleEpoch + (int32(h) * 3600 + int32(m) * 60 + int32(s)) * 1000); };
    b.timevalue = asDate;
    b.trim = function (s) { return s === null ? null : str(s).replace(/^ +| +$/g, ''); };
    b.typename = typeName;
    b.ubound = boundOf;
    b.ucase = function (s) { return s === null ? null : str(s).toUpperCase(); };
    b.unescape = unescapeText;
    b.vartype = function (v) { var t = typeName(v); return Object.prototype.hasOwnProperty.call(varTypes, t) ? varTypes[t] : 9; };
    b.weekday = function (d) { return asDate(d).getDay() + 1; };
    b.weekdayname = function (n) { return days[(int32(n) + 6) % 7]; };
    b.year = function (d) { return asDate(d).getFullYear(); };

    var c = vb.c;
    var constants = {
      vbcrlf: '\r\n', vbcr: '\r', vblf: '\n', vbnewline: '\r\n', vbtab: '\t', vbnullstring: '', vbnullchar: '\0', vbformfeed: '\f', vbverticaltab: '\v',
      vbtrue: -1, vbfalse: 0, vbusedefault: -2, vbbinarycompare: 0, vbtextcompare: 1, vbobjecterror: -2147221504,
      vbhide: 0, vbnormalfocus: 1, vbminimizedfocus: 2, vbmaximizedfocus: 3, vbnormalnofocus: 4, vbminimizednofocus: 6,
      vbokonly: 0, vbokcancel: 1, vbyesno: 4, vbyesnocancel: 3, vbcritical: 16, vbquestion: 32, vbexclamation: 48, vbinformation: 64,
      vbok: 1, vbcancel: 2, vbyes: 6, vbno: 7,
      vbempty: 0, vbnull: 1, vbinteger: 2, vblong: 3, vbsingle: 4, vbdouble: 5, vbcurrency: 6, vbdate: 7, vbstring: 8, vbobject: 9, vberror: 10, vbboolean: 11, vbvariant: 12, vbbyte: 17, vbarray: 8192,
      vbsunday: 1, vbmonday: 2, vbgeneraldate: 0, vblongdate: 1, vbshortdate: 2, vblongtime: 3, vbshorttime: 4,
    };
    for (var name in constants) {
      if (Object.prototype.hasOwnProperty.call(constants, name)) { c[name] = constants[name]; }
    }

    // VBScript.RegExp over JavaScript's RegExp (whose syntax VBScript's mostly shares).
    kit.objects['vbscript.regexp'] = function () {
      var m = { pattern: '', global: false, ignorecase: false, multiline: false };
      function compile() { return new RegExp(str(m.pattern), (bool(m.global) ? 'g' : '') + (bool(m.ignorecase) ? 'i' : '') + (bool(m.multiline) ? 'm' : '')); }
      m.test = function (s) { return compile().test(str(s)); };
      m.replace = function (s, by) { return str(s).replace(compile(), str(by)); };
      m.execute = function (s) {
        var text = str(s), re = compile(), found = [], match;
        if (!re.global) {
          match = re.exec(text);
          if (match) { found.push(matchObject(match)); }
        } else {
          while ((match = re.exec(text)) !== null && found.length < 100000) {
            found.push(matchObject(match));
            if (match[0].length === 0) { re.lastIndex++; }
          }
        }
        return kit.collection('MatchCollection', found);
      };
      return kit.com('VBScript.RegExp', m);
    };
    function matchObject(match) {
      return kit.com('Match', { _default: match[0], value: match[0], firstindex: match.index, length: match[0].length, submatches: kit.collection('SubMatches', match.slice(1)) });
    }
  };
})();

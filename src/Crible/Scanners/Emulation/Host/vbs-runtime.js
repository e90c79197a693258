// The VBScript runtime, part 1: Variant coercions and operators, member access on COM objects and VBScript
// classes, arrays, error handling and Execute/Eval. Loaded only when the emulated script is VBScript; the translated
// code calls it as `$vb`. Empty is undefined, Null is null, Nothing is $vb.nothing, True is true.
(function () {
  'use strict';
  return function install(kit, host, global) {
    var membersOf = kit.membersOf;
    var nothing = Object.freeze({ toString: function () { return 'Nothing'; } });
    var MaxArrayElements = 16000000;

    function vbError(number, message) {
      var e = new Error(message);
      e.vbnumber = number;
      return e;
    }
    function mismatch(what) { return vbError(13, 'Type mismatch' + (what ? ": '" + what + "'" : '')); }

    // COM objects are asked nothing here: every member read on one is recorded.
    function isClass(v) { return v !== null && typeof v === 'object' && membersOf(v) === undefined && typeof v.__vbclass === 'string'; }
    // Reflect.apply, not f.apply: on a callable COM object `.apply` would be a member lookup, not a call.
    function invoke(f, self, args) { return Reflect.apply(f, self, args); }
    function isObject(v) { return v === nothing || isClass(v) || membersOf(v) !== undefined; }

    // The default value of an object (COM objects and the dual values of the host read as their default member).
    function val(v) {
      if (v === null || v === undefined || typeof v !== 'object' && typeof v !== 'function') {
        return v;
      }
      if (v instanceof Date || Array.isArray(v)) {
        return v;
      }
      var members = membersOf(v);
      if (members !== undefined) {
        return Object.prototype.hasOwnProperty.call(members, '_default') ? val(members._default) : '';
      }
      if (typeof v === 'function' && v.valueOf !== Function.prototype.valueOf) {
        return v.valueOf();
      }
      if (isClass(v) && typeof v.f_ === 'function') {
        return val(v.f_());
      }
      return v;
    }

    var OleEpoch = Date.UTC(1899, 11, 30);
    function dateNumber(d) { return (d.getTime() - OleEpoch) / 86400000; }

    function numberOf(text) {
      var t = text.trim();
      if (/^&h[0-9a-f]+$/i.test(t)) { return parseInt(t.slice(2), 16); }
      if (/^&o?[0-7]+$/i.test(t)) { return parseInt(t.replace(/^&o?/i, ''), 8); }
      if (t === '' || !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) { return NaN; }
      return Number(t);
    }

    function num(v) {
      v = val(v);
      switch (typeof v) {
        case 'number': return v;
        case 'boolean': return v ? -1 : 0;
        case 'undefined': return 0;
        case 'string':
          var n = numberOf(v);
          if (isNaN(n)) { throw mismatch(v.length > 40 ? v.slice(0, 40) + '...' : v); }
          return n;
      }
      if (v === null) { throw vbError(94, 'Invalid use of Null'); }
      if (v instanceof Date) { return dateNumber(v); }
      throw mismatch();
    }

    function pad(n) { return (n < 10 ? '0' : '') + n; }
    function dateText(d) {
      var h = d.getHours(), m = d.getMinutes(), s = d.getSeconds();
      var day = (d.getMonth() + 1) + '/' + d.getDate() + '/' + d.getFullYear();
      if (h === 0 && m === 0 && s === 0) { return day; }
      return day + ' ' + (h % 12 === 0 ? 12 : h % 12) + ':' + pad(m) + ':' + pad(s) + (h < 12 ? ' AM' : ' PM');
    }

    function numberText(n) {
      if (n !== n) { return 'NaN'; }
      var text = String(n);
      return text.replace('e+', 'E+').replace('e-', 'E-');
    }

    function str(v) {
      v = val(v);
      switch (typeof v) {
        case 'string': return v;
        case 'undefined': return '';
        case 'boolean': return v ? 'True' : 'False';
        case 'number': return numberText(v);
      }
      if (v === null) { return ''; }
      if (v instanceof Date) { return dateText(v); }
      if (Array.isArray(v)) { throw mismatch(); }
      return kit.str(v);
    }

    function bool(v) {
      v = val(v);
      switch (typeof v) {
        case 'boolean': return v;
        case 'number': return v !== 0;
        case 'undefined': return false;
        case 'string':
          var t = v.trim().toLowerCase();
          if (t === 'true') { return true; }
          if (t === 'false') { return false; }
          return num(v) !== 0;
      }
      if (v === null) { return false; }
      return num(v) !== 0;
    }

    // Banker's rounding, as CInt, CLng, \ and Mod round.
    function round(n) {
      var f = Math.floor(n), d = n - f;
      return d > 0.5 || d === 0.5 && f % 2 !== 0 ? f + 1 : f;
    }
    function int32(v) {
      var n = round(num(v));
      if (n > 2147483647 || n < -2147483648) { throw vbError(6, 'Overflow'); }
      return n | 0;
    }

    function isNumericValue(v) { return typeof v === 'number' || typeof v === 'boolean' || v instanceof Date; }

    function add(a, b) {
      a = val(a); b = val(b);
      if (a === null || b === null) { return null; }
      if (typeof a === 'string' && typeof b === 'string') { return a + b; }
      if (typeof a === 'string' && b === undefined) { return a; }
      if (typeof b === 'string' && a === undefined) { return b; }
      return num(a) + num(b);
    }
    function compare(op, a, b) {
      a = val(a); b = val(b);
      if (a === null || b === null) { return null; }
      var x, y;
      if (typeof a === 'string' && typeof b === 'string') {
        x = a; y = b;
      } else if (typeof a === 'string' || typeof b === 'string') {
        var s = typeof a === 'string' ? a : b, other = typeof a === 'string' ? b : a;
        if (other === undefined) {
          x = str(a); y = str(b);
        } else if (!isNaN(numberOf(s))) {
          x = num(a); y = num(b);
        } else {
          x = typeof a === 'string' ? 1 : 0; y = typeof b === 'string' ? 1 : 0;
        }
      } else {
        x = num(a); y = num(b);
      }
      switch (op) {
        case '=': return x === y;
        case '<>': return x !== y;
        case '<': return x < y;
        case '>': return x > y;
        case '<=': return x <= y;
        default: return x >= y;
      }
    }
    function logical(a, b, both, bits) {
      a = val(a); b = val(b);
      if (typeof a === 'boolean' && typeof b === 'boolean') { return both(a, b); }
      if (a === null || b === null) { return null; }
      return bits(int32(a), int32(b));
    }

    var ops = {
      cat: function (a, b) { return str(a) + str(b); },
      add: add,
      sub: function (a, b) { return num(a) - num(b); },
      mul: function (a, b) { return num(a) * num(b); },
      div: function (a, b) { var d = num(b); if (d === 0) { throw vbError(11, 'Division by zero'); } return num(a) / d; },
      idiv: function (a, b) { var d = int32(b); if (d === 0) { throw vbError(11, 'Division by zero'); } return Math.trunc(int32(a) / d); },
      mod: function (a, b) { var d = int32(b); if (d === 0) { throw vbError(11, 'Division by zero'); } var n = int32(a); return n - d * Math.trunc(n / d); },
      pow: function (a, b) { return Math.pow(num(a), num(b)); },
      eq: function (a, b) { return compare('=', a, b); },
      ne: function (a, b) { return compare('<>', a, b); },
      lt: function (a, b) { return compare('<', a, b); },
      gt: function (a, b) { return compare('>', a, b); },
      le: function (a, b) { return compare('<=', a, b); },
      ge: function (a, b) { return compare('>=', a, b); },
      is: function (a, b) {
        var emptyA = a === undefined || a === null || a === nothing, emptyB = b === undefined || b === null || b === nothing;
        return emptyA || emptyB ? emptyA && emptyB : a === b;
      },
      and: function (a, b) { return logical(a, b, function (x, y) { return x && y; }, function (x, y) { return x & y; }); },
      or: function (a, b) { return logical(a, b, function (x, y) { return x || y; }, function (x, y) { return x | y; }); },
      xor: function (a, b) { return logical(a, b, function (x, y) { return x !== y; }, function (x, y) { return x ^ y; }); },
      eqv: function (a, b) { return logical(a, b, function (x, y) { return x === y; }, function (x, y) { return ~(x ^ y); }); },
      imp: function (a, b) { return logical(a, b, function (x, y) { return !x || y; }, function (x, y) { return ~x | y; }); },
    };

    // Member access: `obj.Name` reads a property or calls a method with no arguments, as VBScript does.
    function get(obj, name) {
      if (obj === undefined || obj === null || obj === nothing) { throw vbError(424, "Object required: '" + name + "'"); }
      if (isClass(obj)) {
        var key = name.toLowerCase();
        if (typeof obj['f_' + key] === 'function') { return obj['f_' + key](); }
        if (('v_' + key) in obj) { return obj['v_' + key]; }
        throw vbError(438, "Object doesn't support this property or method: '" + name + "'");
      }
      if (typeof obj !== 'object' && typeof obj !== 'function') { throw vbError(424, "Object required: '" + name + "'"); }
      var v = obj[name];
      return typeof v === 'function' && membersOf(v) === undefined ? invoke(v, obj, []) : v;
    }
    function call(obj, name, args) {
      if (obj === undefined || obj === null || obj === nothing) { throw vbError(424, "Object required: '" + name + "'"); }
      if (isClass(obj)) {
        var key = name.toLowerCase();
        if (typeof obj['f_' + key] === 'function') { return invoke(obj['f_' + key], obj, args); }
        if (('v_' + key) in obj) { return idx(obj['v_' + key], args); }
        throw vbError(438, "Object doesn't support this property or method: '" + name + "'");
      }
      if (typeof obj !== 'object' && typeof obj !== 'function') { throw vbError(424, "Object required: '" + name + "'"); }
      var v = obj[name];
      if (typeof v === 'function' && membersOf(v) === undefined) { return invoke(v, obj, args); }
      return args.length === 0 ? v : idx(v, args);
    }
    function set(obj, name, value) {
      if (obj === undefined || obj === null || obj === nothing) { throw vbError(424, "Object required: '" + name + "'"); }
      if (isClass(obj)) {
        var key = name.toLowerCase();
        if (typeof obj['l_' + key] === 'function') { obj['l_' + key](value); } else { obj['v_' + key] = value; }
        return;
      }
      obj[name] = value;
    }
    function setm(obj, name, args, value) {
      var members = membersOf(obj);
      if (members !== undefined && name.toLowerCase() === 'item' && typeof members.add === 'function') {
        members.add(args[0], value);
        return;
      }
      var target = isClass(obj) ? obj['v_' + name.toLowerCase()] : membersOf(obj) !== undefined ? obj[name] : undefined;
      if (Array.isArray(target)) {
        setidx(target, args, value);
        return;
      }
      set(obj, name, value);
    }

    function index(v, i, array) {
      var n = int32(i);
      if (n < 0 || n >= array.length) { throw vbError(9, 'Subscript out of range: ' + n); }
      return n;
    }
    // `x(args)` when x is a value: an array element, a call, or an object's default member.
    function idx(v, args) {
      if (Array.isArray(v)) {
        for (var i = 0; i < args.length; i++) {
          if (!Array.isArray(v)) { throw vbError(9, 'Subscript out of range'); }
          v = v[index(v, args[i], v)];
        }
        return v;
      }
      if (typeof v === 'function') { return invoke(v, null, args); }
      if (args.length === 0) { return v; }
      if (isClass(v) && typeof v.f_ === 'function') { return invoke(v.f_, v, args); }
      throw mismatch();
    }
    function setidx(v, args, value) {
      if (Array.isArray(v) && args.length > 0) {
        for (var i = 0; i < args.length - 1; i++) {
          v = v[index(v, args[i], v)];
          if (!Array.isArray(v)) { throw vbError(9, 'Subscript out of range'); }
        }
        v[index(v, args[args.length - 1], v)] = value;
        return;
      }
      var members = membersOf(v);
      if (members !== undefined && typeof members.add === 'function') {
        members.add(args[0], value);
        return;
      }
      throw mismatch();
    }

    function dim(bounds) {
      var total = 1;
      var sizes = bounds.map(function (b) { var n = int32(b) + 1; if (n < 0) { throw vbError(9, 'Subscript out of range'); } total *= Math.max(n, 1); return n; });
      if (total > MaxArrayElements) { throw vbError(7, 'Out of memory: an array of ' + total + ' elements'); }
      function make(level) {
        var a = new Array(sizes[level]);
        for (var i = 0; i < a.length; i++) { a[i] = level + 1 < sizes.length ? make(level + 1) : undefined; }
        return a;
      }
      return sizes.length === 0 ? [] : make(0);
    }
    function redim(old, bounds, preserve) {
      var fresh = dim(bounds);
      if (preserve && Array.isArray(old)) {
        (function copy(from, to) {
          for (var i = 0; i < from.length && i < to.length; i++) {
            if (Array.isArray(from[i]) && Array.isArray(to[i])) { copy(from[i], to[i]); } else { to[i] = from[i]; }
          }
        })(old, fresh);
      }
      return fresh;
    }

    // For Each: an array's elements, a collection's items, a dictionary's keys.
    function items(c) {
      if (Array.isArray(c)) { return c.slice(); }
      var members = membersOf(c);
      if (members !== undefined) {
        if (members._items && typeof members._items.length === 'number') { return Array.prototype.slice.call(members._items); }
        if (typeof members.keys === 'function' && typeof members.exists === 'function') { return members.keys(); }
        return [];
      }
      throw vbError(451, 'Object not a collection');
    }

    // A name the translator did not know: a procedure or variable made by Execute, or nothing (Empty).
    function named(name, args, variable, procedure) {
      if (typeof procedure === 'function') { return invoke(procedure, null, args || []); }
      if (variable !== undefined) { return args === null ? variable : idx(variable, args); }
      if (args !== null) {
        host.event('call', name, kit.argsText(args));
        throw vbError(13, "Type mismatch: '" + name + "'");
      }
      return undefined;
    }

    var errState = { number: 0, description: '', source: '' };
    var err = kit.com('Err', {
      get _default() { return errState.number; },
      get number() { return errState.number; },
      set number(n) { errState.number = num(n); },
      get description() { return errState.description; },
      set description(d) { errState.description = str(d); },
      get source() { return errState.source; },
      set source(s) { errState.source = str(s); },
      helpfile: '',
      helpcontext: 0,
      clear: function () { errState.number = 0; errState.description = ''; errState.source = ''; },
      raise: function (n, source, description) { throw vbError(num(n), description === undefined ? 'Error ' + num(n) : str(description)); },
    });
    function fail(e) {
      errState.number = e && typeof e.vbnumber === 'number' ? e.vbnumber : 5;
      errState.description = e && e.message ? String(e.message) : String(e);
      errState.source = 'Microsoft VBScript runtime error';
    }

    // Execute, ExecuteGlobal and Eval: the code string is logged, translated by Crible, then run by the caller.
    function translated(kind, code, mode) {
      var text = str(code);
      host.code(kind, text);
      var result = host.translate(text, mode);
      if (!result[0]) { throw vbError(1002, 'Syntax error in code run by ' + kind + ': ' + result[1]); }
      return result[1];
    }

    var vb = {
      nothing: nothing,
      err: err,
      val: val,
      num: num,
      str: str,
      bool: bool,
      round: round,
      int32: int32,
      isObject: isObject,
      isClass: isClass,
      error: vbError,
      neg: function (a) { a = val(a); return a === null ? null : -num(a); },
      not: function (a) { a = val(a); return typeof a === 'boolean' ? !a : a === null ? null : ~int32(a); },
      compare: compare,
      between: function (s, low, high) { return bool(compare('>=', s, low)) && bool(compare('<=', s, high)); },
      fold: function (operands, names) {
        var value = operands[0];
        for (var i = 0; i < names.length; i++) { value = ops[names[i]](value, operands[i + 1]); }
        return value;
      },
      get: get,
      call: call,
      set: set,
      setm: setm,
      idx: idx,
      setidx: setidx,
      dim: dim,
      redim: redim,
      erase: function (a) { return Array.isArray(a) ? a.map(function (x) { return Array.isArray(x) ? vb.erase(x) : undefined; }) : undefined; },
      items: items,
      named: named,
      me: function () { throw vbError(424, "Object required: 'Me'"); },
      fail: fail,
      create: function (name) {
        if (String(name).toLowerCase() === 'regexp') { return kit.createObject('VBScript.RegExp'); }
        throw vbError(506, 'Class not defined: ' + name);
      },
      execute: function (code, globally) { return translated(globally ? 'ExecuteGlobal' : 'Execute', code, 'statements'); },
      evaluate: function (code) { return translated('Eval', code, 'expression'); },
      isNumericValue: isNumericValue,
      dateNumber: dateNumber,
      dateText: dateText,
      OleEpoch: OleEpoch,
      b: {},
      c: {},
    };
    for (var op in ops) {
      if (Object.prototype.hasOwnProperty.call(ops, op)) { vb[op] = ops[op]; }
    }
    Object.defineProperty(global, '$vb', { value: vb, writable: false, configurable: false, enumerable: false });
    return vb;
  };
})();

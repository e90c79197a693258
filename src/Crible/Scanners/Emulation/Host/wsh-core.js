// The emulated Windows Script Host, part 1: COM objects as case-insensitive proxies, WScript, ActiveXObject,
// GetObject, Enumerator, VBArray and the traced eval/Function/setTimeout. Nothing here can reach the machine: every
// effect is a call to `host`, which Crible records. Binary data travels as "byte strings" (one char per byte).
// Evaluated once per emulation; returns the function that installs the host into a fresh global object.
(function () {
  'use strict';
  return function install(host, global) {
    var hasOwn = Object.prototype.hasOwnProperty;
    var unknownCount = 0;
    var comMembers = new WeakMap();

    function str(value) {
      try {
        return value === undefined || value === null ? '' : String(value);
      } catch (e) {
        return '';
      }
    }

    function argsText(args) {
      var parts = [];
      for (var i = 0; i < args.length && i < 8; i++) {
        parts.push(typeof args[i] === 'string' ? JSON.stringify(args[i]) : str(args[i]));
      }
      return parts.join(', ');
    }

    // A COM object: members are looked up by lower-case name (IDispatch ignores case); what is missing is recorded
    // and answered by a recording stand-in, so a dropper never stops on an object Crible does not model.
    function com(progId, members, callable) {
      var target = callable ? function () {} : {};
      var proxy = new Proxy(target, {
        get: function (t, name) {
          if (typeof name === 'symbol') {
            return name === Symbol.toPrimitive ? function () { return hasOwn.call(members, '_default') ? members._default : ''; } : undefined;
          }
          var key = name.toLowerCase();
          if (hasOwn.call(members, key)) {
            return members[key];
          }
          if (key === 'tostring' || key === 'valueof') {
            return function () { return hasOwn.call(members, '_default') ? members._default : ''; };
          }
          if (key === 'then' || key === 'prototype') {
            return undefined;
          }
          host.event('member', progId + '.' + name, '');
          return unknown(progId + '.' + name);
        },
        set: function (t, name, value) {
          if (typeof name !== 'symbol') {
            var key = name.toLowerCase();
            if (!hasOwn.call(members, key)) {
              host.event('member', progId + '.' + name, '= ' + str(value));
            }
            try {
              members[key] = value;
            } catch (e) {
              // a read-only property: COM raises an error, the value is simply not kept here
            }
          }
          return true;
        },
        has: function (t, name) {
          return typeof name === 'string';
        },
        apply: function (t, self, args) {
          return hasOwn.call(members, '_call') ? members._call.apply(null, args) : unknown(progId + '()');
        },
      });
      comMembers.set(proxy, members);
      return proxy;
    }

    // The members behind a COM object, for the VBScript runtime (which must tell an object from a method without
    // touching a member, since touching one is recorded); undefined for anything else.
    function membersOf(value) {
      return (typeof value === 'object' || typeof value === 'function') && value !== null ? comMembers.get(value) : undefined;
    }

    function unknown(path) {
      if (++unknownCount > 20000) {
        throw new Error('Crible: too many calls to unknown COM members');
      }
      return com(path, {
        _call: function () {
          host.event('call', path, argsText(arguments));
          return unknown(path + '()');
        },
      }, true);
    }

    // A value that reads as a number and can also be called (COM members that are both property and method).
    function dual(value) {
      var f = function () { return value; };
      f.valueOf = function () { return value; };
      f.toString = function () { return String(value); };
      return f;
    }

    // A COM collection: callable, Item(i), Count, length, and enumerable by Enumerator.
    function collection(name, items, lookup) {
      var get = function (key) {
        if (lookup) {
          return lookup(key);
        }
        var index = Number(key);
        return index >= 0 && index < items.length ? items[index] : undefined;
      };
      return com(name, {
        _call: get,
        _items: items,
        item: get,
        get count() { return dual(items.length); },
        get length() { return items.length; },
      }, true);
    }

    function itemsOf(value) {
      if (value && typeof value === 'object' || typeof value === 'function') {
        var items = value._items;
        if (items && typeof items.length === 'number') {
          return items;
        }
        if (typeof value.length === 'number') {
          return value;
        }
      }
      return [];
    }

    function Enumerator(value) {
      if (!(this instanceof Enumerator)) {
        return new Enumerator(value);
      }
      var items = itemsOf(value);
      var index = 0;
      this.atEnd = function () { return index >= items.length; };
      this.item = function () { return items[index]; };
      this.moveNext = function () { index++; };
      this.moveFirst = function () { index = 0; };
    }

    function VBArray(value) {
      if (!(this instanceof VBArray)) {
        return new VBArray(value);
      }
      var items = Array.prototype.slice.call(itemsOf(value));
      this.toArray = function () { return items.slice(); };
      this.getItem = function (i) { return items[i]; };
      this.ubound = function () { return items.length - 1; };
      this.lbound = function () { return 0; };
      this.dimensions = function () { return 1; };
    }

    var objects = {};

    function createObject(progId) {
      var name = str(progId).trim();
      var key = name.toLowerCase();
      host.event('create', name, '');
      var factory = objects[key];
      if (!factory) {
        for (var prefix in objects) {
          if (hasOwn.call(objects, prefix) && key.indexOf(prefix + '.') === 0) {
            factory = objects[prefix];
            break;
          }
        }
      }
      return factory ? factory(name) : unknown(name);
    }

    function getObject(path, progId) {
      var text = str(path);
      host.event('getobject', text, str(progId));
      if (/^winmgmts:/i.test(text)) {
        var cls = /:(Win32_\w+)\s*$/i.exec(text);
        return cls ? objects.$wmiclass(cls[1]) : objects.$wmi(text);
      }
      return text === '' && progId ? createObject(progId) : unknown('GetObject(' + text + ')');
    }

    function ActiveXObject(progId) {
      return createObject(progId);
    }

    var argumentsList = collection('WScript.Arguments', []);
    var wscript = com('WScript', {
      _default: 'Windows Script Host',
      name: 'Windows Script Host',
      version: '5.812',
      buildversion: 16384,
      fullname: 'C:\\Windows\\System32\\wscript.exe',
      path: 'C:\\Windows\\System32',
      scriptfullname: host.scriptPath,
      scriptname: host.scriptName,
      arguments: argumentsList,
      interactive: false,
      timeout: 0,
      stdout: com('WScript.StdOut', { write: function (s) { host.event('echo', str(s), ''); }, writeline: function (s) { host.event('echo', str(s), ''); } }),
      stderr: com('WScript.StdErr', { write: function () {}, writeline: function () {} }),
      echo: function () { host.event('echo', Array.prototype.join.call(arguments, ' '), ''); },
      sleep: function (ms) { host.event('sleep', str(ms), ''); },
      quit: function () { host.quit(); },
      createobject: function (progId) { return createObject(progId); },
      getobject: function (path, progId) { return getObject(path, progId); },
      connectobject: function () {},
      disconnectobject: function () {},
    });

    // eval and Function: every code string built at run time is logged, and the eval calls inside it are rewritten
    // the same way before it runs (direct eval keeps its scope: the callee stays the real eval).
    global.__crible_eval = function (code) {
      if (typeof code !== 'string') {
        return code;
      }
      host.code('eval', code);
      return host.rewrite(code);
    };

    // A long a + b + c + ... chain, flattened by the rewriter (the engine refuses a syntax tree deeper than 256
    // levels): added left to right as the chain would have been.
    global.__crible_sum = function (terms) {
      var sum = terms[0];
      for (var i = 1; i < terms.length; i++) {
        sum = sum + terms[i];
      }
      return sum;
    };

    // Droppers that decode one character per `new Function(...)` build the same function thousands of times: the
    // compiled function is kept by its text (functions made this way close over nothing but the global scope).
    var NativeFunction = Function;
    var compiled = new Map();
    var TracedFunction = function () {
      var args = Array.prototype.slice.call(arguments).map(str);
      var key = args.join('\u0000');
      var known = compiled.get(key);
      if (known) {
        return known;
      }
      if (args.length > 0) {
        host.code('Function', args[args.length - 1]);
        args[args.length - 1] = host.rewrite(args[args.length - 1]);
      }
      var made = NativeFunction.apply(null, args);
      if (compiled.size < 2000) {
        compiled.set(key, made);
      }
      return made;
    };
    TracedFunction.prototype = NativeFunction.prototype;
    Object.defineProperty(NativeFunction.prototype, 'constructor', { value: TracedFunction, writable: true, configurable: true });

    var timers = [];
    function schedule(callback) {
      if (timers.length < 1000) {
        timers.push([callback, Array.prototype.slice.call(arguments, 2)]);
      }
      return timers.length;
    }

    var globals = {
      WScript: wscript,
      WSH: wscript,
      ActiveXObject: ActiveXObject,
      GetObject: getObject,
      Enumerator: Enumerator,
      VBArray: VBArray,
      Function: TracedFunction,
      setTimeout: schedule,
      setInterval: schedule,
      clearTimeout: function () {},
      clearInterval: function () {},
      CollectGarbage: function () {},
      ScriptEngine: function () { return 'JScript'; },
      ScriptEngineMajorVersion: function () { return 5; },
      ScriptEngineMinorVersion: function () { return 8; },
      ScriptEngineBuildVersion: function () { return 16384; },
      __crible_run_timers: function () {
        for (var i = 0; i < timers.length; i++) {
          var callback = timers[i][0];
          if (typeof callback === 'function') {
            callback.apply(null, timers[i][1]);
          } else {
            var code = str(callback);
            host.code('setTimeout', code);
            (0, eval)(host.rewrite(code));
          }
        }
      },
    };
    for (var name in globals) {
      if (hasOwn.call(globals, name)) {
        Object.defineProperty(global, name, { value: globals[name], writable: true, configurable: true, enumerable: false });
      }
    }

    return { com: com, membersOf: membersOf, getObject: getObject, unknown: unknown, dual: dual, collection: collection, itemsOf: itemsOf, str: str, argsText: argsText, objects: objects, createObject: createObject };
  };
})();

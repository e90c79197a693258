// The emulated Windows Script Host, part 3: the objects that run programs, persist or decode: WScript.Shell,
// Shell.Application, WMI, the Task Scheduler, the MSXML DOM (bin.base64), Scripting.Dictionary, WScript.Network.
(function () {
  'use strict';
  return function register(kit, host) {
    var com = kit.com, collection = kit.collection, dual = kit.dual, str = kit.str, objects = kit.objects;
    var sh = kit.shell;
    var registry = {
      'hklm\\software\\microsoft\\windows nt\\currentversion\\productname': 'Windows 10 Pro',
      'hklm\\software\\microsoft\\windows nt\\currentversion\\currentversion': '6.3',
      'hklm\\software\\microsoft\\windows nt\\currentversion\\currentbuild': '19045',
      'hklm\\software\\microsoft\\windows nt\\currentversion\\systemroot': 'C:\\Windows',
      'hklm\\software\\microsoft\\windows\\currentversion\\programfilesdir': 'C:\\Program Files',
      'hkcu\\control panel\\international\\localename': 'en-US',
      'hkcu\\control panel\\international\\scountry': 'United States',
    };
    // What WshShell.Environment("SYSTEM") and ("USER") hold: the registry's unexpanded values, which droppers
    // compare with the expected text to tell a real Windows from an emulator.
    var unexpanded = {
      system: {
        COMSPEC: '%SystemRoot%\\system32\\cmd.exe',
        WINDIR: '%SystemRoot%',
        TEMP: '%SystemRoot%\\TEMP',
        TMP: '%SystemRoot%\\TEMP',
        PATH: '%SystemRoot%\\system32;%SystemRoot%;%SystemRoot%\\System32\\Wbem;%SYSTEMROOT%\\System32\\WindowsPowerShell\\v1.0\\',
        OS: 'Windows_NT',
        NUMBER_OF_PROCESSORS: '4',
        PROCESSOR_ARCHITECTURE: 'AMD64',
        PATHEXT: sh.environment.PATHEXT,
      },
      user: {
        TEMP: '%USERPROFILE%\\AppData\\Local\\Temp',
        TMP: '%USERPROFILE%\\AppData\\Local\\Temp',
      },
    };

    function registryKey(key) {
      return str(key).replace(/^HKEY_LOCAL_MACHINE/i, 'HKLM').replace(/^HKEY_CURRENT_USER/i, 'HKCU').toLowerCase();
    }

    function processObject(command) {
      return com('WshExec', {
        status: 1,
        exitcode: 0,
        processid: 4242,
        stdout: com('StdOut', { readall: function () { return ''; }, readline: function () { return ''; }, atendofstream: true }),
        stderr: com('StdErr', { readall: function () { return ''; }, readline: function () { return ''; }, atendofstream: true }),
        stdin: com('StdIn', { write: function () {}, writeline: function () {}, close: function () {} }),
        terminate: function () {},
        _default: command,
      });
    }

    function shortcut(path) {
      var members = {
        targetpath: '',
        arguments: '',
        workingdirectory: '',
        windowstyle: 1,
        iconlocation: '',
        description: '',
        hotkey: '',
        fullname: sh.fullPath(path),
        save: function () {
          host.event('shortcut', sh.fullPath(path), (str(members.targetpath) + ' ' + str(members.arguments)).trim());
          sh.writeFile(path, 'L\u0000\u0000\u0000' + str(members.targetpath) + ' ' + str(members.arguments), 'WshShortcut.Save');
        },
      };
      return com('WshShortcut', members);
    }

    objects['wscript.shell'] = function () {
      return com('WScript.Shell', {
        run: function (command) { host.event('run', 'WScript.Shell.Run', str(command)); return 0; },
        exec: function (command) { host.event('run', 'WScript.Shell.Exec', str(command)); return processObject(str(command)); },
        regwrite: function (key, value) { host.event('regwrite', str(key), str(value)); registry[registryKey(key)] = value; },
        regread: function (key) {
          var k = registryKey(key);
          host.event('regread', str(key), '');
          if (Object.prototype.hasOwnProperty.call(registry, k)) {
            return registry[k];
          }
          throw new Error('Unable to open registry key "' + str(key) + '" for reading.');
        },
        regdelete: function (key) { host.event('regdelete', str(key), ''); delete registry[registryKey(key)]; },
        expandenvironmentstrings: function (text) { return sh.expand(text); },
        specialfolders: collection('WshSpecialFolders', [], function (name) {
          return sh.specialFolders[str(name).toLowerCase()] || '';
        }),
        environment: collection('WshEnvironment', [], function (type) {
          var table = unexpanded[str(type).toLowerCase()] || sh.environment;
          return collection('WshEnvironment', [], function (name) {
            var value = table[str(name).toUpperCase()];
            return value === undefined ? '' : value;
          });
        }),
        createshortcut: function (path) { return shortcut(path); },
        get currentdirectory() { return sh.environment.USERPROFILE + '\\Documents'; },
        popup: function (text) { host.event('echo', str(text), ''); return 1; },
        appactivate: function () { return true; },
        sendkeys: function (keys) { host.event('sendkeys', str(keys), ''); },
        logevent: function () { return true; },
      });
    };

    objects['shell.application'] = function () {
      function folder(path) {
        return com('Shell.Folder', {
          _default: str(path),
          self: com('FolderItem', { path: str(path) }),
          items: function () { return collection('FolderItems', []); },
          copyhere: function (item) { host.event('copyhere', str(path), str(item)); },
          movehere: function (item) { host.event('copyhere', str(path), str(item)); },
        });
      }
      return com('Shell.Application', {
        shellexecute: function (file, args, dir, verb) {
          host.event('run', 'Shell.Application.ShellExecute' + (verb ? ' (' + str(verb) + ')' : ''), (str(file) + ' ' + str(args)).trim());
        },
        namespace: function (path) { return folder(path); },
        windows: function () { return collection('ShellWindows', []); },
        open: function (path) { host.event('run', 'Shell.Application.Open', str(path)); },
      });
    };

    function wmiClass(name) {
      return com('SWbemObject.' + name, {
        create: function (command) {
          if (/^win32_process$/i.test(name)) {
            host.event('wmi', 'Win32_Process.Create', str(command));
          } else {
            host.event('call', name + '.Create', kit.argsText(arguments));
          }
          return 0;
        },
        spawninstance_: function () { return wmiClass(name); },
        properties_: collection('SWbemPropertySet', []),
        methods_: collection('SWbemMethodSet', []),
      });
    }

    function wmiService(path) {
      return com('SWbemServices', {
        get: function (name) {
          var n = str(name);
          var cls = /^(Win32_\w+)/i.exec(n);
          return wmiClass(cls ? cls[1] : n);
        },
        execquery: function (query) { host.event('wmiquery', str(query), ''); return collection('SWbemObjectSet', []); },
        instancesof: function (name) { host.event('wmiquery', 'instances of ' + str(name), ''); return collection('SWbemObjectSet', []); },
        security_: com('SWbemSecurity', {}),
        _default: str(path),
      });
    }
    objects.$wmi = wmiService;
    objects.$wmiclass = wmiClass;
    objects['wbemscripting.swbemlocator'] = function () {
      return com('WbemScripting.SWbemLocator', {
        connectserver: function (server, namespace) { return wmiService(str(namespace)); },
        security_: com('SWbemSecurity', {}),
      });
    };

    objects['schedule.service'] = function () {
      function taskDefinition() {
        var actions = [];
        var triggers = [];
        var definition = {
          registrationinfo: com('RegistrationInfo', {}),
          settings: com('TaskSettings', {}),
          principal: com('Principal', {}),
          triggers: com('TriggerCollection', {
            create: function (type) { var t = com('Trigger', { type: type }); triggers.push(t); return t; },
            get count() { return triggers.length; },
          }),
          actions: com('ActionCollection', {
            create: function () {
              var members = { path: '', arguments: '', workingdirectory: '' };
              actions.push(members);
              return com('ExecAction', members);
            },
            get count() { return actions.length; },
          }),
          _actions: actions,
        };
        return com('TaskDefinition', definition);
      }
      function folder(path) {
        return com('TaskFolder', {
          path: str(path),
          registertaskdefinition: function (name, definition) {
            var list = definition && definition._actions ? definition._actions : [];
            var commands = list.map(function (a) { return (str(a.path) + ' ' + str(a.arguments)).trim(); }).join(' & ');
            host.event('task', str(name), commands);
            return com('RegisteredTask', { name: str(name) });
          },
          registertask: function (name, xml) { host.event('task', str(name), str(xml)); return com('RegisteredTask', { name: str(name) }); },
          gettasks: function () { return collection('RegisteredTaskCollection', []); },
          deletetask: function () {},
          getfolder: function (p) { return folder(p); },
        });
      }
      return com('Schedule.Service', {
        connect: function () {},
        connected: true,
        getfolder: function (path) { return folder(path); },
        newtask: function () { return taskDefinition(); },
      });
    };

    // MSXML elements decode bin.base64 and bin.hex typed values: a common way to turn text into a payload.
    function xmlElement(name) {
      var dataType = '', text = '';
      function typed() {
        if (dataType === 'bin.base64') {
          return host.base64(text);
        }
        if (dataType === 'bin.hex') {
          var out = '';
          for (var i = 0; i + 1 < text.length; i += 2) {
            out += String.fromCharCode(parseInt(text.substr(i, 2), 16) & 255);
          }
          return out;
        }
        return text;
      }
      return com('IXMLDOMElement', {
        nodename: str(name),
        get datatype() { return dataType; },
        set datatype(v) { dataType = str(v).toLowerCase(); },
        get text() { return text; },
        set text(v) { text = str(v); },
        get nodetypedvalue() { return typed(); },
        set nodetypedvalue(v) { text = dataType === 'bin.base64' ? host.toBase64(sh.toBytes(v)) : str(v); },
        appendchild: function (child) { return child; },
        setattribute: function () {},
        getattribute: function () { return null; },
      });
    }
    objects['msxml2.domdocument'] = function () {
      return com('MSXML2.DOMDocument', {
        createelement: function (name) { return xmlElement(name); },
        createnode: function (type, name) { return xmlElement(name); },
        loadxml: function () { return true; },
        load: function () { return true; },
        async: false,
        documentelement: xmlElement('root'),
        appendchild: function (child) { return child; },
        selectsinglenode: function () { return null; },
        selectnodes: function () { return collection('IXMLDOMNodeList', []); },
        getelementsbytagname: function () { return collection('IXMLDOMNodeList', []); },
      });
    };
    objects['microsoft.xmldom'] = objects['msxml2.domdocument'];
    objects['msxml.domdocument'] = objects['msxml2.domdocument'];

    objects['scripting.dictionary'] = function () {
      var keys = [], values = {};
      function id(k) { return typeof k + ':' + str(k); }
      function item(k) { return values[id(k)]; }
      return com('Scripting.Dictionary', {
        add: function (k, v) { if (!Object.prototype.hasOwnProperty.call(values, id(k))) { keys.push(k); } values[id(k)] = v; },
        exists: function (k) { return Object.prototype.hasOwnProperty.call(values, id(k)); },
        item: item,
        _call: item,
        items: function () { return keys.map(function (k) { return values[id(k)]; }); },
        keys: function () { return keys.slice(); },
        remove: function (k) { delete values[id(k)]; keys = keys.filter(function (x) { return id(x) !== id(k); }); },
        removeall: function () { keys = []; values = {}; },
        get count() { return dual(keys.length); },
        comparemode: 0,
      }, true);
    };

    objects['wscript.network'] = function () {
      return com('WScript.Network', {
        username: sh.environment.USERNAME,
        computername: sh.environment.COMPUTERNAME,
        userdomain: sh.environment.USERDOMAIN,
        mapnetworkdrive: function (letter, path) { host.event('call', 'WScript.Network.MapNetworkDrive', kit.argsText(arguments)); },
      });
    };
  };
})();

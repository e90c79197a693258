// The emulated Windows Script Host, part 2: the ActiveX objects droppers use, over a virtual file system and a
// virtual registry that live only in this engine. Every effect is reported to `host`.
(function () {
  'use strict';
  return function register(kit, host) {
    var com = kit.com, collection = kit.collection, dual = kit.dual, str = kit.str, objects = kit.objects;
    var user = 'admin';
    var environment = {
      TEMP: 'C:\\Users\\' + user + '\\AppData\\Local\\Temp',
      TMP: 'C:\\Users\\' + user + '\\AppData\\Local\\Temp',
      APPDATA: 'C:\\Users\\' + user + '\\AppData\\Roaming',
      LOCALAPPDATA: 'C:\\Users\\' + user + '\\AppData\\Local',
      USERPROFILE: 'C:\\Users\\' + user,
      HOMEDRIVE: 'C:',
      HOMEPATH: '\\Users\\' + user,
      PUBLIC: 'C:\\Users\\Public',
      ALLUSERSPROFILE: 'C:\\ProgramData',
      PROGRAMDATA: 'C:\\ProgramData',
      PROGRAMFILES: 'C:\\Program Files',
      WINDIR: 'C:\\Windows',
      SYSTEMROOT: 'C:\\Windows',
      SYSTEMDRIVE: 'C:',
      COMSPEC: 'C:\\Windows\\System32\\cmd.exe',
      USERNAME: user,
      USERDOMAIN: 'DESKTOP-7Q2M4LK',
      COMPUTERNAME: 'DESKTOP-7Q2M4LK',
      OS: 'Windows_NT',
      PROCESSOR_ARCHITECTURE: 'AMD64',
      NUMBER_OF_PROCESSORS: '4',
      PATHEXT: '.COM;.EXE;.BAT;.CMD;.VBS;.VBE;.JS;.JSE;.WSF;.WSH;.MSC',
    };
    var specialFolders = {
      desktop: environment.USERPROFILE + '\\Desktop',
      startup: environment.APPDATA + '\\Microsoft\\Windows\\Start Menu\\Programs\\Startup',
      allusersstartup: 'C:\\ProgramData\\Microsoft\\Windows\\Start Menu\\Programs\\StartUp',
      appdata: environment.APPDATA,
      mydocuments: environment.USERPROFILE + '\\Documents',
      templates: environment.APPDATA + '\\Microsoft\\Windows\\Templates',
      programs: environment.APPDATA + '\\Microsoft\\Windows\\Start Menu\\Programs',
      startmenu: environment.APPDATA + '\\Microsoft\\Windows\\Start Menu',
      favorites: environment.USERPROFILE + '\\Favorites',
      recent: environment.APPDATA + '\\Microsoft\\Windows\\Recent',
    };
    var cwd = environment.USERPROFILE + '\\Documents';

    function expand(text) {
      return str(text).replace(/%([^%]+)%/g, function (all, name) {
        var value = environment[name.toUpperCase()];
        return value === undefined ? all : value;
      });
    }

    // The virtual file system: the script itself, then whatever the script writes.
    var files = {};
    function fullPath(path) {
      var p = expand(path).replace(/\//g, '\\');
      return /^[a-z]:/i.test(p) || p.indexOf('\\\\') === 0 ? p : cwd + '\\' + p.replace(/^\.\\/, '');
    }
    function writeFile(path, bytes, api) {
      var p = fullPath(path);
      files[p.toLowerCase()] = { path: p, bytes: bytes };
      host.save(p, bytes, api);
    }
    function readFile(path) {
      var entry = files[fullPath(path).toLowerCase()];
      if (!entry) {
        throw new Error('File not found');
      }
      return entry.bytes;
    }
    function exists(path) {
      return hasFile(path);
    }
    function hasFile(path) {
      return Object.prototype.hasOwnProperty.call(files, fullPath(path).toLowerCase());
    }
    files[host.scriptPath.toLowerCase()] = { path: host.scriptPath, bytes: host.scriptBytes };

    function toBytes(value) {
      if (typeof value === 'string') {
        return value;
      }
      var items = kit.itemsOf(value);
      if (items.length > 0 && typeof items[0] === 'number') {
        var out = '';
        for (var i = 0; i < items.length; i++) {
          out += String.fromCharCode(items[i] & 255);
        }
        return out;
      }
      return str(value);
    }

    function textStream(path, mode, unicode, initial) {
      var text = initial || '';
      var position = 0;
      var closed = false;
      function flush() {
        writeFile(path, host.encode(text, unicode ? 'unicode' : 'windows-1252'), 'TextStream.Write');
      }
      function write(s) {
        if (!closed) {
          text += s;
          flush();
        }
      }
      return com('TextStream', {
        write: function (s) { write(str(s)); },
        writeline: function (s) { write(str(s) + '\r\n'); },
        writeblanklines: function (n) { for (var i = 0; i < Number(n) && i < 1000; i++) { write('\r\n'); } },
        readall: function () { var rest = text.substr(position); position = text.length; return rest; },
        readline: function () {
          var end = text.indexOf('\n', position);
          var line = end < 0 ? text.substr(position) : text.substring(position, end);
          position = end < 0 ? text.length : end + 1;
          return line.replace(/\r$/, '');
        },
        read: function (n) { var part = text.substr(position, Number(n)); position += part.length; return part; },
        skip: function (n) { position += Number(n); },
        skipline: function () { var end = text.indexOf('\n', position); position = end < 0 ? text.length : end + 1; },
        get atendofstream() { return position >= text.length; },
        get atendofline() { return position >= text.length || text.charAt(position) === '\r' || text.charAt(position) === '\n'; },
        close: function () { closed = true; },
        _mode: mode,
      });
    }

    function fileObject(path) {
      var p = fullPath(path);
      return com('Scripting.File', {
        _default: p,
        path: p,
        name: p.replace(/^.*\\/, ''),
        get size() { return hasFile(p) ? readFile(p).length : 0; },
        attributes: 32,
        datecreated: new Date(2017, 0, 1),
        datelastmodified: new Date(2017, 0, 1),
        type: 'File',
        delete: function () { deleteFile(p); },
        copy: function (to) { writeFile(to, readFile(p), 'File.Copy'); },
        move: function (to) { writeFile(to, readFile(p), 'File.Move'); deleteFile(p); },
        openastextstream: function (mode, format) { return openText(p, mode || 1, false, format); },
      });
    }

    function folderObject(path) {
      var p = fullPath(path);
      return com('Scripting.Folder', {
        _default: p,
        path: p,
        name: p.replace(/^.*\\/, ''),
        files: collection('Files', []),
        subfolders: collection('Folders', []),
        attributes: 16,
        createtextfile: function (name, overwrite, unicode) { return createText(p + '\\' + str(name), unicode); },
        delete: function () { host.event('delete', p, ''); },
      });
    }

    function deleteFile(path) {
      var p = fullPath(path);
      delete files[p.toLowerCase()];
      host.event('delete', p, '');
    }

    function createText(path, unicode) {
      writeFile(path, '', 'FileSystemObject.CreateTextFile');
      return textStream(path, 2, !!unicode, '');
    }

    function openText(path, mode, create, format) {
      var m = Number(mode) || 1;
      var unicode = Number(format) === -1;
      if (m === 1) {
        return textStream(path, 1, unicode, host.decode(readFile(path), unicode ? 'unicode' : 'windows-1252'));
      }
      var initial = m === 8 && hasFile(path) ? host.decode(readFile(path), unicode ? 'unicode' : 'windows-1252') : '';
      var stream = textStream(path, m, unicode, initial);
      if (!hasFile(path)) {
        writeFile(path, '', 'FileSystemObject.OpenTextFile');
      }
      return stream;
    }

    function drive(letter) {
      return com('Scripting.Drive', {
        _default: letter + ':',
        driveletter: letter,
        path: letter + ':',
        drivetype: 2,
        filesystem: 'NTFS',
        isready: true,
        serialnumber: 1424752833,
        volumename: 'Windows',
        totalsize: 255953203200,
        freespace: 98304475136,
        availablespace: 98304475136,
        rootfolder: folderObject(letter + ':\\'),
      });
    }

    objects['scripting.filesystemobject'] = function () {
      return com('Scripting.FileSystemObject', {
        getspecialfolder: function (n) {
          var which = Number(n);
          return folderObject(which === 0 ? 'C:\\Windows' : which === 1 ? 'C:\\Windows\\System32' : environment.TEMP);
        },
        gettempname: function () { return 'rad' + Math.floor(Math.random() * 0xfffff).toString(16).toUpperCase() + '.tmp'; },
        buildpath: function (a, b) { return str(a).replace(/\\$/, '') + '\\' + str(b); },
        fileexists: function (p) { return exists(p); },
        folderexists: function () { return true; },
        driveexists: function () { return true; },
        createtextfile: function (p, overwrite, unicode) { return createText(p, unicode); },
        opentextfile: function (p, mode, create, format) { return openText(p, mode, create, format); },
        getfile: function (p) { if (!hasFile(p)) { throw new Error('File not found'); } return fileObject(p); },
        getfolder: function (p) { return folderObject(p); },
        createfolder: function (p) { host.event('mkdir', fullPath(p), ''); return folderObject(p); },
        deletefile: function (p) { deleteFile(p); },
        deletefolder: function (p) { host.event('delete', fullPath(p), ''); },
        copyfile: function (from, to) { writeFile(to, readFile(from), 'FileSystemObject.CopyFile'); },
        movefile: function (from, to) { writeFile(to, readFile(from), 'FileSystemObject.MoveFile'); deleteFile(from); },
        getfilename: function (p) { return str(p).replace(/^.*[\\/]/, ''); },
        getbasename: function (p) { return str(p).replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, ''); },
        getextensionname: function (p) { var m = /\.([^.\\/]*)$/.exec(str(p)); return m ? m[1] : ''; },
        getparentfoldername: function (p) { return str(p).replace(/[\\/][^\\/]*$/, ''); },
        getabsolutepathname: function (p) { return fullPath(p); },
        getdrivename: function (p) { var m = /^[a-z]:/i.exec(str(p)); return m ? m[0] : ''; },
        getfileversion: function () { return ''; },
        drives: collection('Drives', [drive('C')]),
        getdrive: function (name) { return drive(str(name).charAt(0) || 'C'); },
      });
    };

    // ADODB.Stream over byte strings; text is encoded with the stream's charset when written.
    objects['adodb.stream'] = function () {
      var bytes = '', position = 0, type = 2, charset = 'unicode';
      function append(data) {
        bytes = bytes.substr(0, position) + data + bytes.substr(position + data.length);
        position += data.length;
      }
      return com('ADODB.Stream', {
        open: function () {},
        close: function () {},
        flush: function () {},
        get type() { return type; },
        set type(v) { type = Number(v); },
        get charset() { return charset; },
        set charset(v) { charset = str(v); },
        get position() { return position; },
        set position(v) { position = Math.max(0, Math.min(bytes.length, Number(v) || 0)); },
        get size() { return bytes.length; },
        get eos() { return position >= bytes.length; },
        mode: 3,
        state: 1,
        lineseparator: -1,
        write: function (data) { append(toBytes(data)); },
        writetext: function (text) {
          var encoded = host.encode(str(text), charset);
          append(position === 0 ? encoded : host.withoutBom(encoded, charset));
        },
        read: function (n) { var part = n === undefined || Number(n) < 0 ? bytes.substr(position) : bytes.substr(position, Number(n)); position += part.length; return part; },
        readtext: function (n) {
          var rest = bytes.substr(position);
          var text = host.decode(rest, charset);
          position = bytes.length;
          return n === undefined || Number(n) < 0 ? text : text.substr(0, Number(n));
        },
        seteos: function () { bytes = bytes.substr(0, position); },
        savetofile: function (path) { writeFile(path, bytes, 'ADODB.Stream.SaveToFile'); },
        loadfromfile: function (path) { bytes = readFile(path); position = 0; },
        copyto: function (other, n) { other.Write(n === undefined ? bytes.substr(position) : bytes.substr(position, Number(n))); },
      });
    };

    function httpRequest(progId) {
      var method = 'GET', url = '', status = 0, statusText = '', body = '', ready = 0, onReady = null;
      function send(data) {
        var answer = host.fetch(method, url, data === undefined ? '' : str(data), progId);
        status = answer[0];
        statusText = answer[1];
        body = answer[2];
        ready = 4;
        if (typeof onReady === 'function') {
          onReady();
        }
      }
      return com(progId, {
        open: function (m, u) { method = str(m).toUpperCase(); url = str(u); ready = 1; },
        send: send,
        setrequestheader: function () {},
        settimeouts: function () {},
        setoption: function () {},
        setproxy: function () {},
        setcredentials: function () {},
        setautologonpolicy: function () {},
        waitforresponse: function () { return true; },
        abort: function () {},
        option: collection('Option', []),
        get status() { return status; },
        get statustext() { return statusText; },
        get readystate() { return ready; },
        get responsebody() { return body; },
        get responsetext() { return host.decode(body, 'windows-1252'); },
        get responsestream() { var s = objects['adodb.stream'](); s.Type = 1; s.Write(body); s.Position = 0; return s; },
        get responsexml() { return objects['msxml2.domdocument'](); },
        getresponseheader: function (name) { return /length/i.test(str(name)) ? String(body.length) : /type/i.test(str(name)) ? 'application/octet-stream' : ''; },
        getallresponseheaders: function () { return 'Content-Type: application/octet-stream\r\nContent-Length: ' + body.length + '\r\n'; },
        get onreadystatechange() { return onReady; },
        set onreadystatechange(f) { onReady = f; },
      });
    }
    ['msxml2.xmlhttp', 'microsoft.xmlhttp', 'msxml2.serverxmlhttp', 'msxml3.xmlhttp', 'winhttp.winhttprequest'].forEach(function (id) {
      objects[id] = httpRequest;
    });

    kit.shell = { environment: environment, specialFolders: specialFolders, fullPath: fullPath, writeFile: writeFile, readFile: readFile, expand: expand, toBytes: toBytes };
  };
})();

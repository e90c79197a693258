using System.Text;
using Crible.Model;

namespace Crible.Tests.Scanners.Emulation;

/// <summary>Ordinary JavaScript run in the emulator must not come out malicious.</summary>
public sealed class BenignScriptTests
{
    [Fact]
    public async Task A_library_in_the_style_of_jquery_is_not_malicious()
    {
        var library = new StringBuilder("""
            /*! tiny-query v1.0 | MIT */
            (function (global, factory) {
              "use strict";
              if (typeof module === "object" && typeof module.exports === "object") { module.exports = factory(global); }
              else { global.tq = factory(global); }
            })(typeof window !== "undefined" ? window : this, function (window) {
              var version = "1.0", arr = [], slice = arr.slice, push = arr.push;
              function tq(selector) { return new tq.fn.init(selector); }
              tq.fn = tq.prototype = { constructor: tq, length: 0, toArray: function () { return slice.call(this); } };
              tq.fn.init = function (selector) { if (!selector) { return this; } this[0] = selector; this.length = 1; return this; };
              tq.fn.init.prototype = tq.fn;
              tq.extend = function (target) { for (var i = 1; i < arguments.length; i++) { for (var k in arguments[i]) { target[k] = arguments[i][k]; } } return target; };
              tq.each = function (list, fn) { for (var i = 0; i < list.length; i++) { if (fn.call(list[i], i, list[i]) === false) { break; } } return list; };
              tq.ajax = function (options) { var xhr = new XMLHttpRequest(); xhr.open(options.type || "GET", options.url); xhr.send(); return xhr; };
            """);
        for (var i = 0; i < 200; i++)
        {
            library.AppendLine($"  tq.fn.helper{i} = function (value) {{ return tq.each(this, function () {{ this.data{i} = value * {i}; }}); }};");
        }

        library.AppendLine("  return tq;\n});\nvar total = 0; tq.each([1, 2, 3], function (i, v) { total += v; });");

        var report = await TestEngine.Default.AnalyseAsync(Encoding.ASCII.GetBytes(library.ToString()), "tiny-query.js");

        Assert.Equal("javascript", report.File.Kind);
        Assert.NotEqual(Verdict.Malicious, report.Verdict);
        Assert.Contains(report.AllFindings, f => f.Finding.Id == "emulation-summary");
        Assert.DoesNotContain(report.AllFindings, f => f.Finding.Scanner == "emulation" && f.Finding.Severity != Severity.Info);
    }

    [Fact]
    public async Task A_pdf_form_script_is_not_malicious()
    {
        var script = """
            // Order form: totals and validation
            function computeTotal() {
              var total = 0;
              for (var i = 1; i <= 5; i++) {
                var qty = this.getField("qty" + i), price = this.getField("price" + i);
                if (qty && price) { total += Number(qty.value) * Number(price.value); }
              }
              this.getField("total").value = total.toFixed(2);
            }
            var today = new Date();
            if (typeof app !== "undefined") { app.alert("Please check the totals before " + today.toDateString()); }
            computeTotal();
            """;

        var report = await TestEngine.Default.AnalyseAsync(Encoding.ASCII.GetBytes(script), "form.js");

        Assert.NotEqual(Verdict.Malicious, report.Verdict);
        Assert.DoesNotContain(report.AllFindings, f => f.Finding.Scanner == "emulation" && f.Finding.Severity != Severity.Info);
    }
}

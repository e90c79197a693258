namespace Crible.Scanners.Office.Rtf;

/// <summary>RTF control words that start a destination (RTF 1.9.1): text inside them belongs to them, not to the
/// destination around them, so an \objdata that contains one does not get its text.</summary>
internal static class RtfDestinations
{
    private static readonly HashSet<string> Words = new(StringComparer.Ordinal)
    {
        "aftncn", "aftnsep", "aftnsepc", "annotation", "atnauthor", "atndate", "atnid", "atnparent", "atnref", "atrfend",
        "atrfstart", "author", "background", "bkmkend", "bkmkstart", "blipuid", "buptim", "category", "colorschememapping",
        "colortbl", "comment", "company", "creatim", "datafield", "datastore", "defchp", "defpap", "do", "doccomm", "docvar",
        "dptxbxtext", "ebcend", "ebcstart", "factoidname", "falt", "fchars", "ffdeftext", "ffentrymcr", "ffexitmcr",
        "ffformat", "ffhelptext", "ffl", "ffname", "ffstattext", "field", "file", "filetbl", "fldinst", "fldrslt", "fldtype",
        "fontemb", "fonttbl", "footer", "footerf", "footerl", "footerr", "footnote", "formfield", "ftncn", "ftnsep",
        "ftnsepc", "g", "generator", "gridtbl", "header", "headerf", "headerl", "headerr", "hl", "hlfr", "hlinkbase",
        "hlloc", "hlsrc", "hsv", "info", "keywords", "latentstyles", "lchars", "levelnumbers", "leveltext", "lfolevel",
        "linkval", "list", "listlevel", "listname", "listoverride", "listoverridetable", "listpicture", "liststylename",
        "listtable", "listtext", "lsdlockedexcept", "mailmerge", "manager", "margSz", "mmath", "nesttableprops",
        "nonesttables", "objalias", "objclass", "objdata", "object", "objname", "objsect", "oldcprops", "oldpprops",
        "oldsprops", "oldtprops", "oleclsid", "operator", "panose", "password", "passwordhash", "pgp", "pgptbl", "picprop",
        "pict", "pn", "pnseclvl", "pntext", "pntxta", "pntxtb", "printim", "propname", "protend", "protstart",
        "protusertbl", "result", "revtbl", "revtim", "rxe", "shp", "shpgrp", "shpinst", "shppict", "shprslt", "shptxt",
        "sn", "sp", "staticval", "stylesheet", "subject", "sv", "svb", "tc", "template", "themedata", "title", "txe", "ud",
        "upr", "userprops", "wgrffmtfilter", "windowcaption", "writereservation", "writereservhash", "xe", "xform",
        "xmlattrname", "xmlattrvalue", "xmlclose", "xmlname", "xmlnstbl", "xmlopen",
    };

    public static bool Contains(string word) => Words.Contains(word);
}

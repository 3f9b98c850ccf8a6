#!/bin/sh
# SPDX-License-Identifier: MIT
# The manual page in roff (man(7) with tbl tables) from its Markdown,
# docs/man/aqrank.1.md, for `make` and `make install`:
#     sh scripts/gen-man.sh VERSION < docs/man/aqrank.1.md > aqrank.1
# It knows the Markdown the page uses and no more: "# name(1)" (the
# title), "##" sections, "###" subsections, paragraphs, "- " lists,
# definition lists ("TERM" then ": text"), indented and fenced code blocks,
# tables, `code`, **bold**, *italic*, and HTML comments (dropped).
set -eu
version=${1:-}
awk -v version="$version" '
function esc(s) {
    gsub(/\\/, "\\e", s)
    gsub(/-/, "\\-", s)
    return s
}
# inline markup of a line of text
function inline(s,    out, i, c, n, code) {
    s = esc(s)
    out = ""
    # `code` and **bold** as bold, *italic* as italic
    while (match(s, /`[^`]*`|\*\*[^*]+\*\*|\*[^* ][^*]*\*/)) {
        code = substr(s, RSTART, RLENGTH)
        if (substr(code, 1, 1) == "`")
            code = "\\fB" substr(code, 2, RLENGTH - 2) "\\fR"
        else if (substr(code, 1, 2) == "**")
            code = "\\fB" substr(code, 3, RLENGTH - 4) "\\fR"
        else
            code = "\\fI" substr(code, 2, RLENGTH - 2) "\\fR"
        out = out substr(s, 1, RSTART - 1) code
        s = substr(s, RSTART + RLENGTH)
    }
    return out s
}
# a line of output text, safe from being read as a request
function text(s) {
    if (s ~ /^[.\047]/)
        s = "\\&" s
    print s
}
function flush_par(    i) {
    for (i = 1; i <= npar; i++)
        text(inline(par[i]))
    npar = 0
}
function cells(s,    n, i, a) {
    sub(/^ *\|/, "", s)
    sub(/\| *$/, "", s)
    n = split(s, a, /\|/)
    ncell = n
    for (i = 1; i <= n; i++) {
        gsub(/^ +| +$/, "", a[i])
        cell[i] = a[i]
    }
}
function table_row(bold,    i, line) {
    line = ""
    for (i = 1; i <= ncell; i++)
        line = line (i > 1 ? "\t" : "") "T{\n" inline(cell[i]) "\nT}"
    print line
}
BEGIN { npar = 0; incomment = 0; inblock = 0; intable = 0 }
# HTML comments
incomment { if ($0 ~ /-->/) incomment = 0; next }
/^<!--/ { if ($0 !~ /-->/) incomment = 1; next }
# fenced code
/^```/ {
    if (!inblock) { flush_par(); print ".PP"; print ".RS 4"; print ".nf"; inblock = 1 }
    else { print ".fi"; print ".RE"; inblock = 0 }
    next
}
inblock { text(esc($0)); next }
# tables: a row of cells, the rule line after the heading, more rows
/^ *\|/ {
    cells($0)
    if (!intable) {
        flush_par()
        intable = 1
        print ".PP"
        print ".TS"
        print "allbox;"
        fmt = ""
        for (i = 1; i <= ncell; i++) fmt = fmt (i > 1 ? " " : "") "lb"
        fmt = fmt "\n"
        for (i = 1; i <= ncell; i++) fmt = fmt (i > 1 ? " " : "") "l"
        print fmt "."
        table_row(1)
        next
    }
    if ($0 ~ /^ *\|[-:| ]+\| *$/) next
    table_row(0)
    next
}
intable { print ".TE"; intable = 0 }
/^# / {
    name = $2; sub(/\(.*/, "", name)
    printf ".TH %s 1 \"\" \"aqrank %s\" \"User Commands\"\n", toupper(name), version
    next
}
/^## / { flush_par(); section = substr($0, 4); print ".SH " toupper(section); next }
/^### / { flush_par(); print ".SS \"" esc(substr($0, 5)) "\""; next }
# indented code (4 spaces) outside a list or definition
/^    / && npar == 0 && !initem {
    print ".PP"; print ".RS 4"; print ".nf"
    text(esc(substr($0, 5)))
    while ((getline line) > 0 && line ~ /^    /)
        text(esc(substr(line, 5)))
    print ".fi"; print ".RE"
    if (line != "") { $0 = line } else { print ".PP"; next }
}
# a definition: the paragraph line before it is the term
/^: / {
    if (npar > 0) {
        term = par[npar]; npar--
        flush_par()
        print ".TP"
        text(inline(term))
    }
    text(inline(substr($0, 3)))
    initem = 1
    next
}
/^- / { flush_par(); print ".IP \\(bu 2"; text(inline(substr($0, 3))); initem = 1; next }
/^  [^ ]/ && initem { text(inline(substr($0, 3))); next }
/^$/ {
    flush_par()
    initem = 0
    blank = 1
    next
}
{
    if (blank && !initem && section != "NAME") print ".PP"
    blank = 0
    if (section == "NAME") { sub(/ - /, " \\- "); print; next }
    par[++npar] = $0
}
END { flush_par(); if (intable) print ".TE" }
' | {
    # tbl needs telling in the first line
    printf "'\\\\\" t\n"
    printf '.\\" Generated from docs/man/aqrank.1.md by scripts/gen-man.sh.\n'
    cat
}

#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Generate the shipped jurisdictions etc/beijing.stations.csv,
# etc/jingjinji.stations.csv, etc/national.stations.csv,
# etc/national-168.stations.csv and etc/national-339.stations.csv from the
# national station list (the UTF-8 copy in data/stations/, see
# data/README.md). The outputs are committed; run this
# again only when the list changes, then review the diff.
#
#   sh scripts/gen-jurisdictions.sh [NewSiteList_utf8.csv [OUTDIR]]
#
# Choices (docs/internals/READERS.md, "Jurisdiction files"):
# - reference = Y only when the station name carries 对照点. The list also
#   sets Y on 120 ordinary or closed sites (e.g. 1076A 衡水 市环保局, 1022A
#   天津 梅江小区, which reports data in 2019-06); the raw flag is kept in
#   the ignored column list_reference.
# - Closed sites (停运...) are kept: they have data before they closed.
# - jingjinji: provinces 北京市, 天津市, 河北省, unit = the list's city
#   (城市); the 雄安新区 stations are left out (not a prefecture-level city
#   and not among the 13 cities of the Beijing-Tianjin-Hebei ranking).
# - beijing: the 12 UCI stations, each its own unit, keyed by the station
#   name used in the UCI files.
set -eu

LIST=${1:-data/stations/NewSiteList_utf8.csv}
OUT=${2:-etc}

[ -r "$LIST" ] || { echo "gen-jurisdictions: cannot read $LIST" >&2; exit 1; }
mkdir -p "$OUT"

# check the list's shape before trusting field positions
head -n 1 "$LIST" | tr -d '\r' | grep -qx \
    '监测点编码,监测点名称,城市,经度,纬度,对照点,省级行政区,地级行政区' || {
    echo "gen-jurisdictions: unexpected header in $LIST" >&2
    exit 1
}
if grep -q '"' "$LIST"; then
    echo "gen-jurisdictions: quoted fields are not handled" >&2
    exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# national: every station, unit = city
awk -F, 'BEGIN { OFS = "," }
NR == 1 { print "station,unit,name,lon,lat,reference,province,prefecture,list_reference"; next }
{
    sub(/\r$/, "")
    if (NF != 8) { print "line " NR ": " NF " fields" > "/dev/stderr"; exit 1 }
    ref = index($2, "对照点") ? "Y" : "N"
    print $1, $3, $2, $4, $5, ref, $7, $8, $6
}' "$LIST" > "$tmp/national.stations.csv"

# jingjinji: Beijing, Tianjin and the 11 Hebei cities, unit = city
awk -F, 'BEGIN {
    OFS = ","
    split("北京 Beijing 天津 Tianjin 石家庄 Shijiazhuang 唐山 Tangshan " \
          "秦皇岛 Qinhuangdao 邯郸 Handan 邢台 Xingtai 保定 Baoding " \
          "张家口 Zhangjiakou 承德 Chengde 沧州 Cangzhou 廊坊 Langfang " \
          "衡水 Hengshui", w, " ")
    for (i = 1; i in w; i += 2) en[w[i]] = w[i + 1]
}
NR == 1 { print "station,unit,unit_en,name,lon,lat,reference,list_reference"; next }
{
    sub(/\r$/, "")
    if ($7 != "北京市" && $7 != "天津市" && $7 != "河北省") next
    if ($3 == "雄安新区") next
    if (!($3 in en)) { print "unknown city " $3 > "/dev/stderr"; exit 1 }
    ref = index($2, "对照点") ? "Y" : "N"
    print $1, $3, en[$3], $2, $4, $5, ref, $6
}' "$LIST" > "$tmp/jingjinji.stations.csv"

# beijing: the 12 UCI stations (data/README.md)
awk -F, 'BEGIN {
    OFS = ","
    split("Aotizhongxin 1011A Changping 1010A Dingling 1002A Dongsi 1003A " \
          "Guanyuan 1006A Gucheng 1012A Huairou 1009A Nongzhanguan 1005A " \
          "Shunyi 1008A Tiantan 1004A Wanliu 1007A Wanshouxigong 1001A", w, " ")
    for (i = 1; i in w; i += 2) { uci[w[i + 1]] = w[i]; order[++n] = w[i + 1] }
}
NR == 1 { next }
{ sub(/\r$/, ""); if ($1 in uci) row[$1] = $0 }
END {
    print "station,unit,unit_en,name,lon,lat,reference,cnemc_code"
    for (i = 1; i <= n; i++) {
        c = order[i]
        if (!(c in row)) { print "missing " c > "/dev/stderr"; exit 1 }
        split(row[c], f, ",")
        unit = f[2]
        sub(/\(对照点\)$/, "", unit)
        ref = index(f[2], "对照点") ? "Y" : "N"
        print uci[c], unit, uci[c], f[2], f[4], f[5], ref, c
    }
}' "$LIST" > "$tmp/beijing.stations.csv"

# The ministry's lists (issue 15). A unit is a city; its stations are
# those whose 城市 is the city itself, so the county-level cities the list
# files under a prefecture (瓦房店 under 大连市, 昆山 under 苏州市, ...)
# are left out, as the ministry's city values are of the city's own
# assessment stations (N5.3.1). Reference sites stay in the file, marked.
#
# national-168: the 168 key cities (重点城市) of the ministry's monthly
# notices from 2019 (169 in 2018; 莱芜 joined 济南 in January 2019), by the
# groups the notices name. Written from memory of those notices: the text
# of the list could not be checked here. Every name is a 城市 of the
# station list (the script stops otherwise). Least certain: 包头 and 乌海,
# which fill the "other cities" group to 41 (济源, a candidate, has no
# station of its own in the list).
# national-339: the 339 cities at prefecture level and above of the
# ministry's bulletins from 2021 (337 in 2019-2020): every 地级行政区 of
# the list but the state-level new areas 西咸新区 and 赣江新区; 雄安新区
# and 兰州新区, which have their own stations, are the two the ministry
# added to the 337 (also from memory, not checked here). Its unit is the
# prefecture's own city (the 城市 that begins like the 地级行政区: 甘孜州
# and 甘孜藏族自治州, 那曲 and 那曲地区 are one).
awk -F, -v out="$tmp/national-168.stations.csv" 'BEGIN {
    OFS = ","
    n = split("北京 天津 石家庄 唐山 廊坊 保定 沧州 衡水 邢台 邯郸 太原 " \
        "阳泉 长治 晋城 济南 淄博 济宁 德州 聊城 滨州 菏泽 郑州 开封 安阳 " \
        "鹤壁 新乡 焦作 濮阳 " \
        "上海 南京 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江 泰州 " \
        "宿迁 杭州 宁波 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水 合肥 " \
        "芜湖 蚌埠 淮南 马鞍山 淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安 亳州 " \
        "池州 宣城 " \
        "晋中 运城 临汾 吕梁 洛阳 三门峡 西安 铜川 宝鸡 咸阳 渭南 " \
        "重庆 成都 自贡 泸州 德阳 绵阳 遂宁 内江 乐山 南充 眉山 宜宾 广安 " \
        "达州 雅安 资阳 " \
        "武汉 黄石 鄂州 黄冈 孝感 咸宁 襄阳 宜昌 荆州 荆门 长沙 株洲 湘潭 " \
        "岳阳 常德 益阳 南昌 九江 景德镇 萍乡 新余 宜春 " \
        "广州 深圳 珠海 佛山 江门 肇庆 惠州 东莞 中山 " \
        "呼和浩特 沈阳 大连 长春 哈尔滨 福州 厦门 南宁 海口 贵阳 昆明 拉萨 " \
        "兰州 西宁 银川 乌鲁木齐 青岛 秦皇岛 张家口 承德 大同 朔州 忻州 东营 " \
        "烟台 潍坊 泰安 威海 日照 临沂 枣庄 平顶山 许昌 漯河 南阳 商丘 信阳 " \
        "周口 驻马店 包头 乌海", w, " ")
    if (n != 168) { print "168: " n " names" > "/dev/stderr"; exit 1 }
    for (i = 1; i <= n; i++) want[w[i]] = 1
    print "# The 168 key cities (重点城市) of the Ministry of Ecology and Environment\x27s" > out
    print "# monthly notices on city air quality, 2019 on; stations from the CNEMC list" > out
    print "# (NewSiteList, see data/README.md); generated by scripts/gen-jurisdictions.sh," > out
    print "# which says how and which members could not be checked." > out
    print "station,unit,name,lon,lat,reference,province,prefecture,list_reference" > out
}
NR == 1 { next }
{
    sub(/\r$/, "")
    if (!($3 in want)) next
    seen[$3] = 1
    ref = index($2, "对照点") ? "Y" : "N"
    print $1, $3, $2, $4, $5, ref, $7, $8, $6 > out
}
END {
    for (c in want) if (!(c in seen)) { print "168: no station of " c > "/dev/stderr"; exit 1 }
}' "$LIST"

awk -F, -v out="$tmp/national-339.stations.csv" 'BEGIN {
    OFS = ","
    print "# The 339 cities at prefecture level and above (地级及以上城市) of the Ministry" > out
    print "# of Ecology and Environment\x27s bulletins, 2021 on (337 in 2019-2020); stations" > out
    print "# from the CNEMC list (NewSiteList, see data/README.md); generated by" > out
    print "# scripts/gen-jurisdictions.sh, which says how and what could not be checked." > out
    print "station,unit,name,lon,lat,reference,province,prefecture,list_reference" > out
}
NR == 1 { next }
{
    sub(/\r$/, "")
    if ($8 == "西咸新区" || $8 == "赣江新区") next
    # the prefecture\x27s own city: its 城市 begins like the 地级行政区
    if (substr($3, 1, 2) != substr($8, 1, 2)) next
    unit = $8
    units[unit] = 1
    ref = index($2, "对照点") ? "Y" : "N"
    print $1, unit, $2, $4, $5, ref, $7, $8, $6 > out
}
END {
    n = 0
    for (u in units) n++
    if (n != 339) { print "339: " n " units" > "/dev/stderr"; exit 1 }
}' "$LIST"

for f in national-168 national-339; do
    mv "$tmp/$f.stations.csv" "$OUT/$f.stations.csv"
done

for f in national jingjinji beijing; do
    mv "$tmp/$f.stations.csv" "$OUT/$f.stations.csv"
done
wc -l "$OUT/national.stations.csv" "$OUT/jingjinji.stations.csv" \
    "$OUT/beijing.stations.csv" >&2

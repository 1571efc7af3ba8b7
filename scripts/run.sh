#!/bin/sh
# `make run`: create the database with the demo organisation on first run, upgrade it otherwise, then serve.
set -eu
bin=$1
db=$2
listen=$3
case "$db" in
postgres://* | postgresql://*) ;;
*) mkdir -p "$(dirname "$db")" ;;
esac
if [ -f "$db" ] || [ "${db#postgres}" != "$db" ]; then
	"$bin" init --db "$db"
else
	"$bin" init --db "$db" --demo
fi
cat <<MSG

  宣贯 — 学习宣传贯彻工作平台
  Open http://$listen/ in a browser and log in with a demo account (password Xuanguan@2026):
    office    工作人员 (staff) at the top unit 市科学技术协会
    yuzhong   联络员 (reporter) at 渝中区科学技术协会
    stdw      督导检查 (supervisor) at 市科技社团党委
    admin / secadmin / auditor   the three separated administrators (三员分立)
  Stop with Ctrl-C.

MSG
exec "$bin" serve --db "$db" --listen "$listen" --static web/static

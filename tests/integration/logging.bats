#!/usr/bin/env bats
# --log FILE, --log-format text|json, --debug: what containerd and the shims read.

load helpers
bats_require_minimum_version 1.5.0

# check_json_log FILE: every line is a JSON object with string level, msg and an RFC 3339 time
check_json_log() {
	local bad
	[[ -s $1 ]] || fail "log file $1 is empty"
	bad=$(jq -R -r '. as $line | (try fromjson catch null) as $o
		| if ($o | type) == "object" and ($o.level | type) == "string" and ($o.msg | type) == "string"
			and ($o.time | type) == "string"
			and ($o.time | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$"))
		  then empty else $line end' "$1")
	[[ -z $bad ]] || fail "log lines that are not {level, msg, time} JSON:" "$bad"
}

@test "--log-format json: a failing create writes JSON lines; the error also goes to stderr" {
	rm "$BUNDLE/config.json"
	log=$TEST_WORK/log.json
	run --separate-stderr runtime --log "$log" --log-format json create --bundle "$BUNDLE" "$CID"
	assert_failure
	check_json_log "$log"
	err_msg=$(jq -r 'select(.level == "error") | .msg' "$log" | tail -n 1)
	[[ -n $err_msg ]] || fail "no line with level error: $(cat "$log")"
	# the shims show the last error line to the user: it must say what went wrong
	[[ -n ${stderr//[[:space:]]/} ]] || fail "nothing on stderr"
	[[ $stderr == *"$err_msg"* ]] || fail "stderr does not carry the error" "log: $err_msg" "stderr: $stderr"
	if is_berth; then
		[[ $err_msg == *config.json* ]] || fail "error does not name config.json: $err_msg"
	fi
}

@test "--log appends to an existing file" {
	log=$TEST_WORK/log.json
	echo '{"level":"info","msg":"earlier line","time":"2020-01-01T00:00:00Z"}' >"$log"
	run runtime --log "$log" --log-format json state "$CID-missing"
	assert_failure
	assert_equal "$(head -n 1 "$log")" '{"level":"info","msg":"earlier line","time":"2020-01-01T00:00:00Z"}' "first line"
	(($(wc -l <"$log") >= 2)) || fail "the error was not appended: $(cat "$log")"
	check_json_log "$log"
}

@test "--debug --log-format json: a successful run logs only JSON lines, some of level debug" {
	set_cmd 'exit 0'
	log=$TEST_WORK/debug.json
	run runtime --debug --log "$log" --log-format json run --bundle "$BUNDLE" "$CID" </dev/null
	assert_success
	check_json_log "$log"
	jq -e -s 'map(select(.level == "debug")) | length > 0' "$log" >/dev/null || fail "no debug lines: $(cat "$log")"
}

@test "--log with the default text format: the error is in the file" {
	rm "$BUNDLE/config.json"
	log=$TEST_WORK/log.txt
	run --separate-stderr runtime --log "$log" create --bundle "$BUNDLE" "$CID"
	assert_failure
	[[ -s $log ]] || fail "nothing logged"
	grep -q error "$log" || fail "no error in the text log: $(cat "$log")"
	! jq -e . "$log" >/dev/null 2>&1 || fail "default log format is JSON"
}

@test "--log-format: an unknown format is a usage error" {
	run runtime --log-format yaml list
	assert_failure
	assert_output_not_empty
}

#!/bin/bash
# The runtime as the clients see it during the e2e tests: records how the client called the
# runtime, then execs the real one. run.sh copies this file to <tmp>/bin/<name>/<runtime
# basename> and fills in the two paths below.
#
#   <logdir>/calls.log            one line per call: time, the caller's process name, argv (quoted)
#   <logdir>/configs/<id>.N.json  the bundle's config.json as the client wrote it (create, run)
#   <logdir>/process/<id>.N.json  the --process file of an exec
#   <logdir>/resources/<id>.N.json  the resources an update read from stdin (--resources -)
real=@REAL@
logdir=@LOGDIR@

parent=$(cat /proc/$PPID/comm 2>/dev/null || echo '?')
printf -v line ' %q' "$@"
printf '%(%H:%M:%S)T %-16s%s\n' -1 "$parent" "$line" >>"$logdir/calls.log" 2>/dev/null

# Find the command (after the global options), the bundle, the --process file and the id.
cmd='' bundle=$PWD process='' resources='' id=''
args=("$@")
i=0
while ((i < ${#args[@]})); do
	a=${args[i]}
	case $a in
	--root | --log | --log-format | --criu | --rootless) ((i += 2)) && continue ;;
	--*=* | -*) ((i += 1)) && continue ;;
	esac
	cmd=$a
	((i += 1))
	break
done
while ((i < ${#args[@]})); do
	a=${args[i]}
	case $a in
	-b | --bundle) bundle=${args[i + 1]} && ((i += 2)) && continue ;;
	--bundle=*) bundle=${a#--bundle=} ;;
	-p | --process) process=${args[i + 1]} && ((i += 2)) && continue ;;
	--process=*) process=${a#--process=} ;;
	-r | --resources) resources=${args[i + 1]} && ((i += 2)) && continue ;;
	--resources=*) resources=${a#--resources=} ;;
	--pid-file | --console-socket | --pidfd-socket | --preserve-fds | --cwd | -e | --env | -u | --user | \
		-g | --additional-gids | -c | --cap | --process-label | --apparmor | --format)
		((i += 2)) && continue
		;;
	-*) ;;
	*) [[ -z $id ]] && id=$a ;;
	esac
	((i += 1))
done
copy() { # copy SRC DIR
	local n=0
	mkdir -p "$logdir/$2"
	while [[ -e $logdir/$2/${id:-noid}.$n.json ]]; do ((n++)); done
	cp "$1" "$logdir/$2/${id:-noid}.$n.json" 2>/dev/null
}
case $cmd in
create | run) copy "$bundle/config.json" configs ;;
exec) [[ -n $process ]] && copy "$process" process ;;
update)
	if [[ $resources == - ]]; then
		# Keep what the client wrote on stdin, then give the runtime the same bytes.
		mkdir -p "$logdir/resources"
		n=0
		while [[ -e $logdir/resources/${id:-noid}.$n.json ]]; do ((n++)); done
		cat >"$logdir/resources/${id:-noid}.$n.json"
		exec "$real" "$@" <"$logdir/resources/${id:-noid}.$n.json"
	fi
	;;
esac
exec "$real" "$@"

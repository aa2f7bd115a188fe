# SPDX-License-Identifier: GPL-2.0
# Helpers for xtcp's VM tests; sourced by run.sh and by every test.
#
# Inside the VM: $XTCP_TOP is the project, $XTCP_KO the module built for
# the running kernel, $XTCP_HELPERS the built C helpers, $XTCP_OUT a
# writable directory shared with the host.

KSFT_PASS=0
KSFT_FAIL=1
KSFT_SKIP=4

# fail MSG - explain why the test failed, and fail it.
fail() {
	echo "# FAIL: $*" >&2
	exit $KSFT_FAIL
}

# skip MSG - the test cannot run here.
skip() {
	echo "# SKIP: $*" >&2
	exit $KSFT_SKIP
}

# wait_for SECONDS COMMAND... - run COMMAND every 50 ms until it succeeds;
# fails the test after SECONDS. Use it for every "wait until" in a test.
wait_for() {
	local limit=$1 end
	shift
	end=$(( $(date +%s%N) + limit * 1000000000 ))
	until "$@"; do
		[ "$(date +%s%N)" -lt "$end" ] || fail "timed out after ${limit}s: $*"
		sleep 0.05
	done
}

xtcp_loaded() { [ -d /sys/module/xtcp ]; }

# xtcp_load [PARAMS...] - insmod the module built for this kernel.
xtcp_load() {
	xtcp_loaded || insmod "$XTCP_KO" "$@"
}

# xtcp_unload - rmmod the module if it is loaded.
xtcp_unload() {
	! xtcp_loaded || rmmod xtcp
}

# expect_eq WHAT EXPECTED ACTUAL
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: expected '$2', got '$3'"
}

# The IP protocol the sockets API tests open: xtcp's 253, or 6 to check
# the tests' expectations against the kernel's TCP.
XTCP_PROTO=${XTCP_PROTO:-253}

# api_case CASE - run xtcp_api.py CASE on $XTCP_PROTO and end the test
# with its result (pass, skip or fail); what it prints is the diagnostic.
api_case() {
	local rc=0
	python3 "$XTCP_TOP/scripts/vmtests/helpers/xtcp_api.py" \
		--proto "$XTCP_PROTO" "$1" || rc=$?
	[ $rc = 0 ] || [ $rc = $KSFT_SKIP ] ||
		fail "xtcp_api.py $1 on protocol $XTCP_PROTO"
	exit $rc
}

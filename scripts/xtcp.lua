-- SPDX-License-Identifier: GPL-2.0
--
-- xtcp.lua - Wireshark/tshark dissector for xtcp: the RFC 793 segments
-- xtcp sends on its own IP protocol number (253 by default), shown as TCP
-- (Wireshark's TCP dissector decodes the header, options and payload, and
-- follows the streams) under an "xtcp" item that verifies the checksum.
--
--   tshark -X lua_script:scripts/xtcp.lua -r capture.pcap
--   tshark -X lua_script:scripts/xtcp.lua -r capture.pcap \
--       -Y 'xtcp.checksum.status == "Bad"'
--   wireshark -X lua_script:scripts/xtcp.lua (or copy it to
--       ~/.local/lib/wireshark/plugins/)
--
-- The checksum is TCP's (RFC 793 3.1) over a pseudo-header that carries
-- xtcp's protocol number instead of 6: source and destination address,
-- zero, the protocol, the segment's length (module/wire.c,
-- xtcp_wire_csum()). Wireshark's TCP dissector would check it against 6,
-- so it is checked here: xtcp.checksum.status is Good or Bad (the values
-- of tcp.checksum.status; Unverified when the capture holds less than the
-- whole segment), xtcp.checksum.calculated what the sum should be, and a
-- bad one is also an expert error. Segments captured where they were sent
-- on a device that computes checksums (lo, veth: the sender leaves a
-- partial sum) show Bad, as TCP's do with checksum validation on.
--
-- The protocol number is a preference: -o xtcp.protocol:N, for a module
-- loaded with protocol=N.

local xtcp = Proto("xtcp", "xtcp (TCP on an experimental IP protocol)")

local status_names = { [0] = "Bad", [1] = "Good", [2] = "Unverified" }
local f_checksum = ProtoField.uint16("xtcp.checksum", "Checksum", base.HEX)
local f_calc = ProtoField.uint16("xtcp.checksum.calculated",
	"Calculated checksum", base.HEX)
local f_status = ProtoField.uint8("xtcp.checksum.status", "Checksum status",
	base.DEC, status_names)
local f_proto = ProtoField.uint8("xtcp.protocol",
	"IP protocol of the pseudo-header", base.DEC)
xtcp.fields = { f_checksum, f_calc, f_status, f_proto }

local e_bad = ProtoExpert.new("xtcp.checksum.bad.expert", "Bad checksum",
	expert.group.CHECKSUM, expert.severity.ERROR)
xtcp.experts = { e_bad }

xtcp.prefs.protocol = Pref.uint("IP protocol number", 253,
	"the protocol number xtcp was loaded with (its protocol= parameter)")

local f_ip_src = Field.new("ip.src")
local f_ip_dst = Field.new("ip.dst")
local tcp = Dissector.get("tcp")
local registered

-- (Lua 5.2, Wireshark 4.0's: no bitwise operators.)
-- The ones' complement sum of the 16-bit words of a ByteArray, folded.
local function sum16(bytes, acc)
	local n = bytes:len()
	for i = 0, n - 2, 2 do
		acc = acc + bytes:get_index(i) * 256 + bytes:get_index(i + 1)
	end
	if n % 2 == 1 then
		acc = acc + bytes:get_index(n - 1) * 256
	end
	while acc > 0xffff do
		acc = acc % 0x10000 + math.floor(acc / 0x10000)
	end
	return acc
end

-- The checksum a segment's header should carry: its field taken as zero.
local function checksum(src, dst, proto, seg)
	local len = seg:len()
	local pseudo = ByteArray.new()
	pseudo:append(src)
	pseudo:append(dst)
	pseudo:append(ByteArray.new(string.format("00%02x%04x", proto, len)))
	local body = seg:bytes()
	body:set_index(16, 0)
	body:set_index(17, 0)
	return 0xffff - sum16(body, sum16(pseudo, 0))
end

function xtcp.dissector(tvb, pinfo, tree)
	local item = tree:add(xtcp, tvb(), "xtcp")
	local proto = xtcp.prefs.protocol
	item:add(f_proto, proto):set_generated()
	if tvb:len() >= 20 then
		local sent = tvb(16, 2):uint()
		item:add(f_checksum, tvb(16, 2))
		if tvb:reported_len() > tvb:len() then
			item:add(f_status, 2):set_generated()
		else
			-- the innermost IP header's addresses: the last ones
			local srcs, dsts = { f_ip_src() }, { f_ip_dst() }
			local want = checksum(srcs[#srcs].range:bytes(),
				dsts[#dsts].range:bytes(), proto, tvb())
			item:add(f_calc, want):set_generated()
			local good = want == sent
			local st = item:add(f_status, good and 1 or 0)
			st:set_generated()
			if not good then
				st:add_proto_expert_info(e_bad,
					string.format("Bad checksum 0x%04x (should be 0x%04x)",
						sent, want))
			end
			item:append_text(good and ", checksum good" or ", checksum bad")
		end
	end
	tcp:call(tvb, pinfo, tree)
	pinfo.cols.protocol = "xtcp"
end

-- (Re)register on ip.proto for the protocol number of the preference.
local function register()
	local tab = DissectorTable.get("ip.proto")
	if registered then
		tab:remove(registered, xtcp)
	end
	registered = xtcp.prefs.protocol
	tab:add(registered, xtcp)
end

xtcp.prefs_changed = register
register()

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tools/cli/options.h"

namespace bw::cli {
namespace {

bool parse(std::vector<const char*> args, Options* o, std::string* err) {
    args.insert(args.begin(), "boardwalk");
    return parse_options(int(args.size()), args.data(), o, err);
}

TEST(CliOptionsTest, TheIssueCommandLine) {
    Options o;
    std::string err;
    ASSERT_TRUE(
        parse({"-M", "versatilepb", "-m", "128", "-kernel", "zImage", "-dtb", "versatile-pb.dtb",
               "-initrd", "initrd.cpio.gz", "-append", "console=ttyAMA0", "-nographic"},
              &o, &err))
        << err;
    EXPECT_EQ(o.machine.machine, "versatilepb");
    EXPECT_EQ(o.machine.ram_mb, 128u);
    EXPECT_EQ(o.machine.kernel, "zImage");
    EXPECT_EQ(o.machine.dtb, "versatile-pb.dtb");
    EXPECT_EQ(o.machine.initrd, "initrd.cpio.gz");
    EXPECT_EQ(o.machine.append, "console=ttyAMA0");
    EXPECT_TRUE(o.nographic);
    auto s = effective_serials(o);
    ASSERT_EQ(s.size(), 1u);
    EXPECT_EQ(s[0].kind, SerialSpec::Kind::Stdio);
    EXPECT_TRUE(s[0].mux);
}

TEST(CliOptionsTest, DefaultsAreQemus) {
    Options o;
    std::string err;
    ASSERT_TRUE(parse({}, &o, &err));
    EXPECT_EQ(o.machine.machine, "versatilepb");
    EXPECT_EQ(o.machine.ram_mb, 128u);
    EXPECT_FALSE(o.nographic);
    EXPECT_FALSE(o.icount);
    EXPECT_TRUE(o.icount_sleep);
}

TEST(CliOptionsTest, MachineSpellings) {
    Options o;
    std::string err;
    ASSERT_TRUE(parse({"-machine", "malta,accel=tcg"}, &o, &err));
    EXPECT_EQ(o.machine.machine, "malta");
    ASSERT_TRUE(parse({"--machine", "type=versatilepb"}, &o, &err));
    EXPECT_EQ(o.machine.machine, "versatilepb");
    ASSERT_TRUE(parse({"-M", "help"}, &o, &err));
    EXPECT_TRUE(o.machine_help);
}

TEST(CliOptionsTest, RamSizes) {
    u64 mb = 0;
    EXPECT_TRUE(parse_ram_size("256", &mb));
    EXPECT_EQ(mb, 256u);
    EXPECT_TRUE(parse_ram_size("128M", &mb));
    EXPECT_EQ(mb, 128u);
    EXPECT_TRUE(parse_ram_size("1G", &mb));
    EXPECT_EQ(mb, 1024u);
    EXPECT_TRUE(parse_ram_size("2048k", &mb));
    EXPECT_EQ(mb, 2u);
    EXPECT_TRUE(parse_ram_size("size=64M", &mb));
    EXPECT_EQ(mb, 64u);
    EXPECT_FALSE(parse_ram_size("0", &mb));
    EXPECT_FALSE(parse_ram_size("12x", &mb));
    EXPECT_FALSE(parse_ram_size("-5", &mb));
    EXPECT_FALSE(parse_ram_size("1000k", &mb));  // not whole MiB
    EXPECT_FALSE(parse_ram_size("", &mb));

    Options o;
    std::string err;
    EXPECT_FALSE(parse({"-m", "lots"}, &o, &err));
    EXPECT_EQ(err, "-m: bad RAM size 'lots' (e.g. 128, 128M, 1G)");
}

TEST(CliOptionsTest, SerialBackends) {
    SerialSpec s;
    std::string err;
    ASSERT_TRUE(parse_serial("telnet:localhost:4444,server,nowait", &s, &err)) << err;
    EXPECT_EQ(s.kind, SerialSpec::Kind::Telnet);
    EXPECT_EQ(s.host, "localhost");
    EXPECT_EQ(s.port, 4444);
    EXPECT_TRUE(s.server);
    EXPECT_FALSE(s.wait);

    ASSERT_TRUE(parse_serial("telnet::5555,server=on,wait=off", &s, &err)) << err;
    EXPECT_EQ(s.host, "");
    EXPECT_EQ(s.port, 5555);
    EXPECT_FALSE(s.wait);

    ASSERT_TRUE(parse_serial("tcp:127.0.0.1:4000,server", &s, &err)) << err;
    EXPECT_EQ(s.kind, SerialSpec::Kind::Tcp);
    EXPECT_TRUE(s.wait);

    ASSERT_TRUE(parse_serial("file:/tmp/out.txt", &s, &err));
    EXPECT_EQ(s.kind, SerialSpec::Kind::File);
    EXPECT_EQ(s.path, "/tmp/out.txt");

    ASSERT_TRUE(parse_serial("mon:stdio", &s, &err));
    EXPECT_TRUE(s.mux);
    ASSERT_TRUE(parse_serial("null", &s, &err));
    EXPECT_EQ(s.kind, SerialSpec::Kind::Null);

    EXPECT_FALSE(parse_serial("telnet:localhost:4444", &s, &err));
    EXPECT_EQ(err, "-serial telnet:localhost:4444: only server mode is supported (add ,server)");
    EXPECT_FALSE(parse_serial("telnet:localhost:99999,server", &s, &err));
    EXPECT_EQ(err, "-serial telnet:localhost:99999,server: bad port '99999'");
    EXPECT_FALSE(parse_serial("pty", &s, &err));
    EXPECT_EQ(err.rfind("-serial 'pty' is not supported", 0), 0u) << err;
}

TEST(CliOptionsTest, SerialOrderIsUartOrder) {
    Options o;
    std::string err;
    ASSERT_TRUE(parse({"-serial", "null", "-serial", "stdio", "-nographic"}, &o, &err));
    auto s = effective_serials(o);
    ASSERT_EQ(s.size(), 2u);
    EXPECT_EQ(s[0].kind, SerialSpec::Kind::Null);
    EXPECT_EQ(s[1].kind, SerialSpec::Kind::Stdio);
    EXPECT_TRUE(s[1].mux);  // -nographic puts the Ctrl-A escape on stdio

    ASSERT_TRUE(parse({"-serial", "stdio"}, &o, &err));
    EXPECT_FALSE(effective_serials(o)[0].mux);
}

TEST(CliOptionsTest, IcountAndLogging) {
    Options o;
    std::string err;
    ASSERT_TRUE(parse({"-icount", "shift=3,sleep=off", "-d", "guest_errors", "-d", "unimp", "-D",
                       "log.txt", "-no-reboot", "-monitor", "none", "-display", "none"},
                      &o, &err))
        << err;
    EXPECT_TRUE(o.icount);
    EXPECT_EQ(o.icount_shift, 3u);
    EXPECT_FALSE(o.icount_sleep);
    EXPECT_EQ(o.log_items, "guest_errors,unimp");
    EXPECT_EQ(o.log_file, "log.txt");
    EXPECT_TRUE(o.no_reboot);
    EXPECT_TRUE(o.monitor_none);
    EXPECT_TRUE(o.monitors.empty());
    EXPECT_EQ(o.display, DisplayKind::None);
    EXPECT_FALSE(wants_window(o, true));

    ASSERT_TRUE(parse({"-icount", "5"}, &o, &err));
    EXPECT_EQ(o.icount_shift, 5u);
    EXPECT_TRUE(o.icount_sleep);
    ASSERT_TRUE(parse({"-rtc", "base=2020-02-29T12:00:01,clock=vm", "-accel", "interp"}, &o, &err))
        << err;
    EXPECT_EQ(o.machine.rtc_base_ns, 1582977601'000'000'000);
    EXPECT_EQ(o.machine.accel, "interp");
    ASSERT_TRUE(parse({"-rtc", "base=1970-01-02", "-accel", "tcg"}, &o, &err)) << err;
    EXPECT_EQ(o.machine.rtc_base_ns, 86400'000'000'000);
    EXPECT_EQ(o.machine.accel, "blocks");
    EXPECT_FALSE(parse({"-rtc", "base=2020-13-01"}, &o, &err));
    EXPECT_FALSE(parse({"-accel", "kvm"}, &o, &err));
    EXPECT_EQ(err, "-accel kvm: unknown accelerator (interp, blocks or tcg)");
    EXPECT_FALSE(parse({"-icount", "shift=auto"}, &o, &err));
    EXPECT_EQ(err, "-icount shift=auto is not supported (give a number 0..10)");
    EXPECT_FALSE(parse({"-icount", "shift=2,sleep=maybe"}, &o, &err));
    EXPECT_EQ(err, "-icount: bad sleep value 'maybe' (expected on or off)");
}

TEST(CliOptionsTest, OneLineErrors) {
    Options o;
    std::string err;
    EXPECT_FALSE(parse({"-foo"}, &o, &err));
    EXPECT_EQ(err, "unknown option '-foo'");
    EXPECT_FALSE(parse({"-kernel"}, &o, &err));
    EXPECT_EQ(err, "option '-kernel' needs an argument");
    EXPECT_FALSE(parse({"-s"}, &o, &err));
    EXPECT_EQ(err, "option '-s': the gdb stub is not implemented yet");
    EXPECT_FALSE(parse({"-gdb", "tcp::1234"}, &o, &err));
    EXPECT_EQ(err, "option '-gdb': the gdb stub is not implemented yet");
    EXPECT_FALSE(parse({"-monitor", "telnet::1"}, &o, &err));
    EXPECT_EQ(err, "-monitor telnet::1: only server mode is supported (add ,server)");
    EXPECT_FALSE(parse({"-display", "vnc=:0"}, &o, &err));
    EXPECT_EQ(err, "-display vnc=:0: unknown display 'vnc=:0' (sdl or none)");
}

TEST(CliOptionsTest, DisksAndBios) {
    Options o;
    std::string err;
    ASSERT_TRUE(parse({"-bios", "u-boot.bin", "-hda", "disk.img"}, &o, &err));
    EXPECT_EQ(o.machine.bios, "u-boot.bin");
    EXPECT_EQ(o.machine.hda, "disk.img");
    ASSERT_TRUE(parse({"disk2.img"}, &o, &err));  // QEMU: a lone file is -hda
    EXPECT_EQ(o.machine.hda, "disk2.img");
}

TEST(CliOptionsTest, SecondDocumentCommandLineNamesLaterDevicesOnce) {
    Options o;
    std::string err;
    ASSERT_TRUE(parse({"-M",
                       "malta",
                       "-m",
                       "256",
                       "-kernel",
                       "vmlinux",
                       "-hda",
                       "512M",
                       "-sdl",
                       "-soundhw",
                       "ac97",
                       "-usbdevice",
                       "keyboard",
                       "-k",
                       "en-us",
                       "-rtc",
                       "clock=vm",
                       "-net",
                       "nic,model=e1000",
                       "-net",
                       "vde,sock=/tmp/vde.ctl",
                       "-net",
                       "dump,file=x.pcap",
                       "-serial",
                       "stdio",
                       "-nographic",
                       "-monitor",
                       "none"},
                      &o, &err))
        << err;
    EXPECT_EQ(o.machine.machine, "malta");
    EXPECT_EQ(o.machine.ram_mb, 256u);
    EXPECT_EQ(o.machine.hda, "512M");
    EXPECT_TRUE(o.monitor_none);
    // Every option of the second source document's line is real now; only the
    // vde back end (not in that line) is named as ignored.
    EXPECT_EQ(o.display, DisplayKind::Sdl);
    EXPECT_EQ(o.machine.sound_cards, std::vector<std::string>{"ac97"});
    EXPECT_EQ(o.machine.usb_devices, std::vector<std::string>{"keyboard"});
    EXPECT_EQ(o.keyboard_layout, "en-us");
    ASSERT_EQ(o.not_emulated.size(), 1u);
    EXPECT_EQ(not_emulated_notice(o), "not emulated, ignored: -net vde,sock=/tmp/vde.ctl");
    ASSERT_EQ(o.dumps.size(), 1u);  // -net dump is emulated
    EXPECT_EQ(o.dumps[0].file, "x.pcap");
    EXPECT_EQ(o.dumps[0].snaplen, 65536u);
    ASSERT_EQ(o.machine.nics.size(), 1u);
    EXPECT_EQ(o.machine.nics[0].model, "e1000");
    Options plain;
    ASSERT_TRUE(parse({"-M", "malta"}, &plain, &err));
    EXPECT_EQ(not_emulated_notice(plain), "");
    EXPECT_FALSE(parse({"-soundhw"}, &o, &err));
    EXPECT_EQ(err, "option '-soundhw' needs an argument");
}

TEST(CliOptionsTest, NetNicAndUserShareHubZero) {
    Options o;
    std::string err;
    ASSERT_TRUE(parse({"-net", "nic,model=smc91c111", "-net", "nic,macaddr=02:00:00:aa:bb:CC",
                       "-net", "nic", "-net",
                       "user,tftp=/srv/tftp,bootfile=uImage,hostfwd=tcp::5555-:22,"
                       "hostfwd=udp:127.0.0.1:6969-10.0.2.15:69,restrict=on,hostname=vpb"},
                      &o, &err))
        << err;
    ASSERT_EQ(o.machine.nics.size(), 3u);
    EXPECT_EQ(o.machine.nics[0].model, "smc91c111");
    EXPECT_EQ(o.machine.nics[0].netdev, "");
    // Default MACs count up past NICs with their own.
    EXPECT_EQ(o.machine.nics[0].mac, (std::array<u8, 6>{0x52, 0x54, 0x00, 0x12, 0x34, 0x56}));
    EXPECT_EQ(o.machine.nics[1].mac, (std::array<u8, 6>{0x02, 0x00, 0x00, 0xaa, 0xbb, 0xcc}));
    EXPECT_EQ(o.machine.nics[2].mac, (std::array<u8, 6>{0x52, 0x54, 0x00, 0x12, 0x34, 0x57}));
    EXPECT_EQ(o.machine.nics[2].model, "");
    ASSERT_EQ(o.user_nets.size(), 1u);
    const UserNetSpec& u = o.user_nets[0];
    EXPECT_EQ(u.id, "");
    EXPECT_EQ(u.tftp, "/srv/tftp");
    EXPECT_EQ(u.bootfile, "uImage");
    EXPECT_EQ(u.hostname, "vpb");
    EXPECT_TRUE(u.restricted);
    ASSERT_EQ(u.hostfwd.size(), 2u);
    EXPECT_FALSE(u.hostfwd[0].udp);
    EXPECT_EQ(u.hostfwd[0].host_addr, "");
    EXPECT_EQ(u.hostfwd[0].host_port, 5555);
    EXPECT_EQ(u.hostfwd[0].guest_addr, "");
    EXPECT_EQ(u.hostfwd[0].guest_port, 22);
    EXPECT_TRUE(u.hostfwd[1].udp);
    EXPECT_EQ(u.hostfwd[1].host_addr, "127.0.0.1");
    EXPECT_EQ(u.hostfwd[1].host_port, 6969);
    EXPECT_EQ(u.hostfwd[1].guest_addr, "10.0.2.15");
    EXPECT_EQ(u.hostfwd[1].guest_port, 69);
    EXPECT_TRUE(o.not_emulated.empty());
}

TEST(CliOptionsTest, NetdevDevicePairAndNic) {
    Options o;
    std::string err;
    ASSERT_TRUE(parse({"-netdev", "user,id=n0,tftp=dir", "-device", "e1000,netdev=n0", "-nic",
                       "user,model=pcnet,tftp=other,mac=52:54:00:00:00:01"},
                      &o, &err))
        << err;
    ASSERT_EQ(o.machine.nics.size(), 2u);
    EXPECT_EQ(o.machine.nics[0].model, "e1000");
    EXPECT_EQ(o.machine.nics[0].netdev, "n0");
    EXPECT_EQ(o.machine.nics[0].mac[5], 0x56);
    EXPECT_EQ(o.machine.nics[1].model, "pcnet");
    EXPECT_EQ(o.machine.nics[1].netdev, "_nic1");
    EXPECT_EQ(o.machine.nics[1].mac, (std::array<u8, 6>{0x52, 0x54, 0x00, 0x00, 0x00, 0x01}));
    ASSERT_EQ(o.user_nets.size(), 2u);
    EXPECT_EQ(o.user_nets[0].id, "n0");
    EXPECT_EQ(o.user_nets[0].tftp, "dir");
    EXPECT_FALSE(o.user_nets[0].restricted);
    EXPECT_EQ(o.user_nets[1].id, "_nic1");
    EXPECT_EQ(o.user_nets[1].tftp, "other");
    EXPECT_EQ(user_net_name(o.user_nets[0]), "-netdev user,id=n0");
    EXPECT_EQ(user_net_name(o.user_nets[1]), "-nic user");
    EXPECT_EQ(user_net_name(UserNetSpec{}), "-net user");

    // Other back ends keep the NIC and are named as not emulated.
    Options t;
    ASSERT_TRUE(parse({"-netdev", "vde,id=t0,sock=/tmp/v", "-device", "e1000,netdev=t0"}, &t, &err))
        << err;
    ASSERT_EQ(t.machine.nics.size(), 1u);
    EXPECT_EQ(t.machine.nics[0].netdev, "t0");
    EXPECT_TRUE(t.user_nets.empty());
    EXPECT_EQ(not_emulated_notice(t), "not emulated, ignored: -netdev vde,id=t0,sock=/tmp/v");

    Options none;
    ASSERT_TRUE(parse({"-net", "none"}, &none, &err)) << err;
    // An explicit "no NIC" entry, so the board does not add its default one.
    ASSERT_EQ(none.machine.nics.size(), 1u);
    EXPECT_EQ(none.machine.nics[0].model, "none");
    EXPECT_TRUE(none.network_options);
    EXPECT_TRUE(none.user_nets.empty());

    Options defaults;
    ASSERT_TRUE(parse({"-M", "versatilepb"}, &defaults, &err)) << err;
    EXPECT_FALSE(defaults.network_options);  // QEMU's implicit -net nic -net user
}

TEST(CliOptionsTest, NetErrors) {
    Options o;
    std::string err;
    EXPECT_FALSE(parse({"-netdev", "user"}, &o, &err));
    EXPECT_EQ(err, "-netdev user: needs id=");
    EXPECT_FALSE(parse({"-netdev", "user,id=a", "-netdev", "user,id=a"}, &o, &err));
    EXPECT_EQ(err, "-netdev user,id=a: duplicate id 'a'");
    EXPECT_FALSE(parse({"-device", "e1000,netdev=n9"}, &o, &err));
    EXPECT_EQ(err, "NIC e1000: no -netdev with id 'n9'");
    EXPECT_FALSE(parse({"-device", "usb-storage"}, &o, &err));
    EXPECT_EQ(err, "-device usb-storage: only network cards are supported (MODEL,netdev=ID)");
    EXPECT_FALSE(parse({"-net", "user,smb=/x"}, &o, &err));
    EXPECT_EQ(err, "-net user,smb=/x: unknown parameter 'smb'");
    EXPECT_FALSE(parse({"-net", "user,restrict=maybe"}, &o, &err));
    EXPECT_EQ(err, "-net user,restrict=maybe: bad restrict value 'maybe' (expected on or off)");
    EXPECT_FALSE(parse({"-net", "nic,macaddr=52:54:00:12:34"}, &o, &err));
    EXPECT_EQ(err, "-net nic,macaddr=52:54:00:12:34: bad MAC address '52:54:00:12:34'");
    EXPECT_FALSE(parse({"-net", "user,hostfwd=tcp::5555"}, &o, &err));
    EXPECT_EQ(err, "-net user,hostfwd=tcp::5555: hostfwd=tcp::5555: expected HOST-GUEST");
    EXPECT_FALSE(parse({"-net", "user,hostfwd=sctp::1-:2"}, &o, &err));
    EXPECT_EQ(err, "-net user,hostfwd=sctp::1-:2: hostfwd=sctp::1-:2: protocol must be tcp or udp");
    EXPECT_FALSE(parse({"-net", "user,hostfwd=tcp::1-:0"}, &o, &err));
    EXPECT_EQ(err, "-net user,hostfwd=tcp::1-:0: hostfwd=tcp::1-:0: bad guest part ':0'");
    HostFwd f;
    ASSERT_TRUE(parse_hostfwd(":0.0.0.0:0-:80", &f, &err)) << err;
    EXPECT_FALSE(f.udp);
    EXPECT_EQ(f.host_addr, "0.0.0.0");
    EXPECT_EQ(f.host_port, 0);
    EXPECT_EQ(f.guest_port, 80);
}

TEST(CliOptions, SocketStreamAndTapBackEnds) {
    Options o;
    std::string err;
    ASSERT_TRUE(
        parse({"-netdev", "socket,id=s0,connect=127.0.0.1:1234", "-device", "smc91c111,netdev=s0",
               "-netdev", "stream,id=s1,server=on,addr.type=inet,addr.host=0.0.0.0,addr.port=5555",
               "-device", "smc91c111,netdev=s1", "-net", "socket,listen=:4321", "-net",
               "tap,ifname=tap0,script=no,downscript=/bin/true", "-netdev", "tap,id=t1"},
              &o, &err))
        << err;
    ASSERT_EQ(o.stream_nets.size(), 3u);
    EXPECT_EQ(o.stream_nets[0].id, "s0");
    EXPECT_FALSE(o.stream_nets[0].server);
    EXPECT_EQ(o.stream_nets[0].host, "127.0.0.1");
    EXPECT_EQ(o.stream_nets[0].port, 1234);
    EXPECT_EQ(o.stream_nets[0].option, "-netdev socket,id=s0,connect=127.0.0.1:1234");
    EXPECT_EQ(o.stream_nets[1].id, "s1");
    EXPECT_TRUE(o.stream_nets[1].server);
    EXPECT_EQ(o.stream_nets[1].host, "0.0.0.0");
    EXPECT_EQ(o.stream_nets[1].port, 5555);
    EXPECT_EQ(o.stream_nets[2].id, "");  // -net: hub 0
    EXPECT_TRUE(o.stream_nets[2].server);
    EXPECT_EQ(o.stream_nets[2].host, "");
    EXPECT_EQ(o.stream_nets[2].port, 4321);
    ASSERT_EQ(o.tap_nets.size(), 2u);
    EXPECT_EQ(o.tap_nets[0].id, "");
    EXPECT_EQ(o.tap_nets[0].ifname, "tap0");
    EXPECT_EQ(o.tap_nets[0].script, "no");
    EXPECT_EQ(o.tap_nets[0].downscript, "/bin/true");
    EXPECT_EQ(o.tap_nets[1].id, "t1");
    EXPECT_EQ(o.tap_nets[1].ifname, "");
    EXPECT_EQ(o.tap_nets[1].script, "/etc/qemu-ifup");  // QEMU's defaults
    EXPECT_EQ(o.tap_nets[1].downscript, "/etc/qemu-ifdown");
    EXPECT_TRUE(o.not_emulated.empty());

    EXPECT_FALSE(parse({"-netdev", "socket,id=s"}, &o, &err));
    EXPECT_EQ(err, "-netdev socket,id=s: needs connect=HOST:PORT or listen=HOST:PORT");
    EXPECT_FALSE(parse({"-netdev", "socket,id=s,connect=localhost"}, &o, &err));
    EXPECT_EQ(
        err, "-netdev socket,id=s,connect=localhost: bad address 'localhost' (expected HOST:PORT)");
    EXPECT_FALSE(parse({"-netdev", "socket,id=s,mcast=230.0.0.1:1234"}, &o, &err));
    EXPECT_EQ(err,
              "-netdev socket,id=s,mcast=230.0.0.1:1234: mcast= is not supported (use "
              "connect= or listen=)");
    EXPECT_FALSE(parse({"-netdev", "socket,id=s,connect=:1,listen=:2"}, &o, &err));
    EXPECT_EQ(err,
              "-netdev socket,id=s,connect=:1,listen=:2: give only one of connect= and listen=");
    EXPECT_FALSE(parse({"-netdev", "stream,id=s,addr.type=unix,addr.path=/x"}, &o, &err));
    EXPECT_EQ(err,
              "-netdev stream,id=s,addr.type=unix,addr.path=/x: addr.type=unix is not "
              "supported (use inet)");
    EXPECT_FALSE(parse({"-netdev", "stream,id=s,server=off,addr.host=h"}, &o, &err));
    EXPECT_EQ(err, "-netdev stream,id=s,server=off,addr.host=h: needs a port (addr.port=PORT)");
    EXPECT_FALSE(parse({"-netdev", "stream,id=s,addr.port=99999"}, &o, &err));
    EXPECT_EQ(err, "-netdev stream,id=s,addr.port=99999: bad addr.port '99999'");
    EXPECT_FALSE(parse({"-netdev", "tap,id=t,queues=4"}, &o, &err));
    EXPECT_EQ(err, "-netdev tap,id=t,queues=4: unknown parameter 'queues'");
    EXPECT_FALSE(parse({"-netdev", "tap,id=t,vhost=on"}, &o, &err));
    EXPECT_EQ(err, "-netdev tap,id=t,vhost=on: vhost=on is not supported");
}

TEST(CliOptions, UserParamsList) {
    UserNetSpec u;
    std::string err;
    ASSERT_TRUE(
        parse_user_params("--user", "tftp=/srv,bootfile=pxe,hostfwd=tcp::2222-:22,,", &u, &err))
        << err;
    EXPECT_EQ(u.tftp, "/srv");
    EXPECT_EQ(u.bootfile, "pxe");
    ASSERT_EQ(u.hostfwd.size(), 1u);
    EXPECT_EQ(u.hostfwd[0].host_port, 2222);
    EXPECT_TRUE(parse_user_params("--user", "", &u, &err));
    EXPECT_FALSE(parse_user_params("--user", "smb=/x", &u, &err));
    EXPECT_EQ(err, "--user: unknown parameter 'smb'");
}

TEST(CliOptions, MonitorsQmpAndAudio) {
    Options o;
    std::string err;
    ASSERT_TRUE(parse({"-monitor",   "unix:/tmp/m.sock,server,nowait",
                       "-qmp",       "tcp:127.0.0.1:4444,server=on,wait=off",
                       "-monitor",   "telnet::5555,server",
                       "-audiodev",  "wav,id=snd0,path=/tmp/out.wav",
                       "-device",    "AC97",
                       "-device",    "usb-tablet",
                       "-usbdevice", "mouse",
                       "-vga",       "none",
                       "-k",         "de",
                       "-display",   "sdl,full-screen=on"},
                      &o, &err))
        << err;
    ASSERT_EQ(o.monitors.size(), 3u);
    EXPECT_EQ(o.monitors[0].kind, MonitorSpec::Kind::Unix);
    EXPECT_EQ(o.monitors[0].path, "/tmp/m.sock");
    EXPECT_FALSE(o.monitors[0].wait);
    EXPECT_FALSE(o.monitors[0].qmp);
    EXPECT_EQ(o.monitors[1].kind, MonitorSpec::Kind::Tcp);
    EXPECT_TRUE(o.monitors[1].qmp);
    EXPECT_EQ(o.monitors[1].host, "127.0.0.1");
    EXPECT_EQ(o.monitors[1].port, 4444);
    EXPECT_FALSE(o.monitors[1].wait);
    EXPECT_EQ(o.monitors[2].kind, MonitorSpec::Kind::Telnet);
    EXPECT_TRUE(o.monitors[2].wait);
    EXPECT_EQ(o.audio.kind, AudioSpec::Kind::Wav);
    EXPECT_EQ(o.audio.path, "/tmp/out.wav");
    EXPECT_EQ(o.machine.sound_cards, std::vector<std::string>{"ac97"});
    EXPECT_EQ(o.machine.usb_devices, (std::vector<std::string>{"tablet", "mouse"}));
    EXPECT_EQ(o.machine.vga, "none");
    EXPECT_EQ(o.keyboard_layout, "de");
    EXPECT_TRUE(o.full_screen);
    EXPECT_TRUE(wants_window(o, false));

    EXPECT_FALSE(parse({"-monitor", "unix:/tmp/m.sock"}, &o, &err));
    EXPECT_EQ(err, "-monitor unix:/tmp/m.sock: only server mode is supported (add ,server)");
    EXPECT_FALSE(parse({"-qmp", "vc"}, &o, &err));
    EXPECT_EQ(err.rfind("-qmp vc: not supported", 0), 0u) << err;
    EXPECT_FALSE(parse({"-audiodev", "oss,id=a"}, &o, &err));
    EXPECT_EQ(err, "-audiodev oss,id=a: unknown driver 'oss' (none, sdl or wav)");
    EXPECT_FALSE(parse({"-soundhw", "sb16"}, &o, &err));
    EXPECT_EQ(err, "-soundhw sb16: unknown sound card 'sb16' (sound cards: ac97)");
    EXPECT_FALSE(parse({"-usbdevice", "disk:x.img"}, &o, &err));
    for (const char* layout : {"en-us", "de", "fr", "en-gb"}) {
        ASSERT_TRUE(parse({"-k", layout}, &o, &err)) << err;
        EXPECT_EQ(o.keyboard_layout, layout);
    }
    ASSERT_TRUE(parse({"-k", "gb"}, &o, &err)) << err;
    EXPECT_EQ(o.keyboard_layout, "en-gb");
    EXPECT_FALSE(parse({"-k", "xx"}, &o, &err));
    EXPECT_EQ(err, "-k xx: unknown keyboard layout");
    EXPECT_FALSE(parse({"-rtc", "base=localtime"}, &o, &err));
    EXPECT_FALSE(parse({"-display", "curses"}, &o, &err));

    Options plain;
    ASSERT_TRUE(parse({"-M", "malta"}, &plain, &err));
    EXPECT_TRUE(wants_window(plain, true));  // a board with a screen gets a window
    EXPECT_FALSE(wants_window(plain, false));
    ASSERT_TRUE(parse({"-nographic"}, &plain, &err));
    EXPECT_FALSE(wants_window(plain, true));
}

}  // namespace
}  // namespace bw::cli

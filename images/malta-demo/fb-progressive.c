/*
 * fb-progressive: turns off double scan on a framebuffer, keeping its size
 * and depth. The kernel's video=cirrusfb:320x240-16@60 picks the VESA-style
 * 320x240 mode, which the Cirrus scans out twice per line (480 lines on the
 * wire). QEMU 7.2 shows a 16/32 bpp Cirrus screen straight from video memory
 * and ignores double scan there, so that mode reads as a 320x480 screen whose
 * lower half is whatever follows the framebuffer. Without double scan the
 * screen is 320x240 in QEMU, in boardwalk and on a handheld's panel alike.
 *
 *   fb-progressive [DEVICE]    (default /dev/fb0)
 *
 * Prints what it did; exits 0 when the mode is (now) progressive.
 */
#include <fcntl.h>
#include <linux/fb.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *dev = argc > 1 ? argv[1] : "/dev/fb0";
	struct fb_var_screeninfo var;
	int fd = open(dev, O_RDWR);

	if (fd < 0) {
		perror(dev);
		return 1;
	}
	if (ioctl(fd, FBIOGET_VSCREENINFO, &var) < 0) {
		perror("FBIOGET_VSCREENINFO");
		return 1;
	}
	if (!(var.vmode & FB_VMODE_DOUBLE)) {
		printf("fb-progressive: %s %ux%u-%u already progressive\n", dev,
		       var.xres, var.yres, var.bits_per_pixel);
		return 0;
	}
	var.vmode &= ~FB_VMODE_DOUBLE;
	var.activate = FB_ACTIVATE_NOW | FB_ACTIVATE_FORCE;
	if (ioctl(fd, FBIOPUT_VSCREENINFO, &var) < 0) {
		perror("FBIOPUT_VSCREENINFO");
		return 1;
	}
	if (ioctl(fd, FBIOGET_VSCREENINFO, &var) < 0 || (var.vmode & FB_VMODE_DOUBLE)) {
		fprintf(stderr, "fb-progressive: %s kept double scan\n", dev);
		return 1;
	}
	printf("fb-progressive: %s %ux%u-%u double scan off\n", dev, var.xres,
	       var.yres, var.bits_per_pixel);
	close(fd);
	return 0;
}

/*
 * make-images.c - writes the tiny images under img/ that the capture and
 * package tests use (run once; the output is committed):
 *   cc -I/usr/include/stb make-images.c -lstb -lm -o /tmp/mi && /tmp/mi img
 * A card front and back (coloured rectangles), a face-like photo (JPEG)
 * and a signature stroke; no real person or card.
 */
#include <stdio.h>
#include <string.h>
#include <stb_image_write.h>

static unsigned char px[64 * 40 * 3];

static void fill(int w, int h, int r, int g, int b)
{
	int i;

	for (i = 0; i < w * h; i++) {
		px[3 * i] = (unsigned char)r;
		px[3 * i + 1] = (unsigned char)g;
		px[3 * i + 2] = (unsigned char)b;
	}
}

static void box(int w, int x0, int y0, int x1, int y1, int v)
{
	int x, y;

	for (y = y0; y < y1; y++)
		for (x = x0; x < x1; x++)
			memset(px + 3 * (y * w + x), v, 3);
}

int main(int argc, char **argv)
{
	char path[256];
	const char *dir = argc > 1 ? argv[1] : ".";
	int x;

	fill(32, 20, 200, 60, 120);
	box(32, 2, 2, 10, 14, 230);
	box(32, 12, 4, 30, 6, 20);
	box(32, 12, 9, 26, 11, 20);
	snprintf(path, sizeof(path), "%s/frente.png", dir);
	stbi_write_png(path, 32, 20, 3, px, 32 * 3);

	fill(32, 20, 90, 160, 210);
	box(32, 1, 14, 31, 19, 250);
	snprintf(path, sizeof(path), "%s/reverso.png", dir);
	stbi_write_png(path, 32, 20, 3, px, 32 * 3);

	fill(24, 32, 120, 170, 90);
	box(24, 6, 6, 18, 22, 210);
	box(24, 8, 11, 10, 13, 30);
	box(24, 14, 11, 16, 13, 30);
	snprintf(path, sizeof(path), "%s/foto.jpg", dir);
	stbi_write_jpg(path, 24, 32, 3, px, 80);

	fill(40, 12, 255, 255, 255);
	for (x = 3; x < 37; x++)
		box(40, x, 4 + (x % 5), x + 1, 6 + (x % 5), 10);
	snprintf(path, sizeof(path), "%s/firma.png", dir);
	stbi_write_png(path, 40, 12, 3, px, 40 * 3);
	return 0;
}

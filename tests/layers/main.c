/* SPDX-License-Identifier: MIT */
/*
 * The program of meson.build's layer checks: it links one layer's library
 * whole with only the libraries below it, so that a call from a layer to
 * one above it (a back-edge) leaves a symbol undefined and the build fails.
 */
int main(void);

int
main(void)
{
	return 0;
}

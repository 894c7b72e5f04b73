/**
 * keccak256 for the hot path of the trace commitment: a keccak-f[1600] on
 * 32-bit lane halves with no allocation per call. It computes exactly viem's
 * (noble's) keccak256 — test/unit/keccak.test.ts checks them equal on every
 * length across several blocks — about three times faster on small inputs,
 * which is most of the worker's overhead over raw onnxruntime
 * (bench/inference.bench.ts).
 */

// biome-ignore format: a table
const RC = Uint32Array.of(
  0x00000001, 0x00000000, 0x00008082, 0x00000000, 0x0000808a, 0x80000000, 0x80008000, 0x80000000,
  0x0000808b, 0x00000000, 0x80000001, 0x00000000, 0x80008081, 0x80000000, 0x00008009, 0x80000000,
  0x0000008a, 0x00000000, 0x00000088, 0x00000000, 0x80008009, 0x00000000, 0x8000000a, 0x00000000,
  0x8000808b, 0x00000000, 0x0000008b, 0x80000000, 0x00008089, 0x80000000, 0x00008003, 0x80000000,
  0x00008002, 0x80000000, 0x00000080, 0x80000000, 0x0000800a, 0x00000000, 0x8000000a, 0x80000000,
  0x80008081, 0x80000000, 0x00008080, 0x80000000, 0x80000001, 0x00000000, 0x80008008, 0x80000000,
);

const state = new Uint32Array(50);
const RATE = 136;

// keccak-f[1600], unrolled (generated): lane x + 5y is s[2(x + 5y)] (low half) and s[2(x + 5y) + 1]
// (high half); theta, then rho and pi into b (lane (x, y) rotated by r[x][y] to (y, 2x + 3y)),
// then chi back into s, then iota. Locals instead of loops make it several times faster in V8.
// biome-ignore format: generated
function permute(s: Uint32Array): void {
  let c0: number, c1: number, c2: number, c3: number, c4: number, c5: number, c6: number, c7: number, c8: number, c9: number;
  let dl: number, dh: number;
  let b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0, b7 = 0, b8 = 0, b9 = 0, b10 = 0, b11 = 0, b12 = 0, b13 = 0, b14 = 0, b15 = 0, b16 = 0, b17 = 0, b18 = 0, b19 = 0, b20 = 0, b21 = 0, b22 = 0, b23 = 0, b24 = 0, b25 = 0, b26 = 0, b27 = 0, b28 = 0, b29 = 0, b30 = 0, b31 = 0, b32 = 0, b33 = 0, b34 = 0, b35 = 0, b36 = 0, b37 = 0, b38 = 0, b39 = 0, b40 = 0, b41 = 0, b42 = 0, b43 = 0, b44 = 0, b45 = 0, b46 = 0, b47 = 0, b48 = 0, b49 = 0;
  for (let n = 0; n < 48; n += 2) {
    c0 = (s[0] as number) ^ (s[10] as number) ^ (s[20] as number) ^ (s[30] as number) ^ (s[40] as number);
    c1 = (s[1] as number) ^ (s[11] as number) ^ (s[21] as number) ^ (s[31] as number) ^ (s[41] as number);
    c2 = (s[2] as number) ^ (s[12] as number) ^ (s[22] as number) ^ (s[32] as number) ^ (s[42] as number);
    c3 = (s[3] as number) ^ (s[13] as number) ^ (s[23] as number) ^ (s[33] as number) ^ (s[43] as number);
    c4 = (s[4] as number) ^ (s[14] as number) ^ (s[24] as number) ^ (s[34] as number) ^ (s[44] as number);
    c5 = (s[5] as number) ^ (s[15] as number) ^ (s[25] as number) ^ (s[35] as number) ^ (s[45] as number);
    c6 = (s[6] as number) ^ (s[16] as number) ^ (s[26] as number) ^ (s[36] as number) ^ (s[46] as number);
    c7 = (s[7] as number) ^ (s[17] as number) ^ (s[27] as number) ^ (s[37] as number) ^ (s[47] as number);
    c8 = (s[8] as number) ^ (s[18] as number) ^ (s[28] as number) ^ (s[38] as number) ^ (s[48] as number);
    c9 = (s[9] as number) ^ (s[19] as number) ^ (s[29] as number) ^ (s[39] as number) ^ (s[49] as number);
    dl = c8 ^ ((c2 << 1) | (c3 >>> 31));
    dh = c9 ^ ((c3 << 1) | (c2 >>> 31));
    s[0] = (s[0] as number) ^ dl;
    s[1] = (s[1] as number) ^ dh;
    s[10] = (s[10] as number) ^ dl;
    s[11] = (s[11] as number) ^ dh;
    s[20] = (s[20] as number) ^ dl;
    s[21] = (s[21] as number) ^ dh;
    s[30] = (s[30] as number) ^ dl;
    s[31] = (s[31] as number) ^ dh;
    s[40] = (s[40] as number) ^ dl;
    s[41] = (s[41] as number) ^ dh;
    dl = c0 ^ ((c4 << 1) | (c5 >>> 31));
    dh = c1 ^ ((c5 << 1) | (c4 >>> 31));
    s[2] = (s[2] as number) ^ dl;
    s[3] = (s[3] as number) ^ dh;
    s[12] = (s[12] as number) ^ dl;
    s[13] = (s[13] as number) ^ dh;
    s[22] = (s[22] as number) ^ dl;
    s[23] = (s[23] as number) ^ dh;
    s[32] = (s[32] as number) ^ dl;
    s[33] = (s[33] as number) ^ dh;
    s[42] = (s[42] as number) ^ dl;
    s[43] = (s[43] as number) ^ dh;
    dl = c2 ^ ((c6 << 1) | (c7 >>> 31));
    dh = c3 ^ ((c7 << 1) | (c6 >>> 31));
    s[4] = (s[4] as number) ^ dl;
    s[5] = (s[5] as number) ^ dh;
    s[14] = (s[14] as number) ^ dl;
    s[15] = (s[15] as number) ^ dh;
    s[24] = (s[24] as number) ^ dl;
    s[25] = (s[25] as number) ^ dh;
    s[34] = (s[34] as number) ^ dl;
    s[35] = (s[35] as number) ^ dh;
    s[44] = (s[44] as number) ^ dl;
    s[45] = (s[45] as number) ^ dh;
    dl = c4 ^ ((c8 << 1) | (c9 >>> 31));
    dh = c5 ^ ((c9 << 1) | (c8 >>> 31));
    s[6] = (s[6] as number) ^ dl;
    s[7] = (s[7] as number) ^ dh;
    s[16] = (s[16] as number) ^ dl;
    s[17] = (s[17] as number) ^ dh;
    s[26] = (s[26] as number) ^ dl;
    s[27] = (s[27] as number) ^ dh;
    s[36] = (s[36] as number) ^ dl;
    s[37] = (s[37] as number) ^ dh;
    s[46] = (s[46] as number) ^ dl;
    s[47] = (s[47] as number) ^ dh;
    dl = c6 ^ ((c0 << 1) | (c1 >>> 31));
    dh = c7 ^ ((c1 << 1) | (c0 >>> 31));
    s[8] = (s[8] as number) ^ dl;
    s[9] = (s[9] as number) ^ dh;
    s[18] = (s[18] as number) ^ dl;
    s[19] = (s[19] as number) ^ dh;
    s[28] = (s[28] as number) ^ dl;
    s[29] = (s[29] as number) ^ dh;
    s[38] = (s[38] as number) ^ dl;
    s[39] = (s[39] as number) ^ dh;
    s[48] = (s[48] as number) ^ dl;
    s[49] = (s[49] as number) ^ dh;
    b0 = (s[0] as number);
    b1 = (s[1] as number);
    b32 = ((s[11] as number) << 4) | ((s[10] as number) >>> 28);
    b33 = ((s[10] as number) << 4) | ((s[11] as number) >>> 28);
    b14 = ((s[20] as number) << 3) | ((s[21] as number) >>> 29);
    b15 = ((s[21] as number) << 3) | ((s[20] as number) >>> 29);
    b46 = ((s[31] as number) << 9) | ((s[30] as number) >>> 23);
    b47 = ((s[30] as number) << 9) | ((s[31] as number) >>> 23);
    b28 = ((s[40] as number) << 18) | ((s[41] as number) >>> 14);
    b29 = ((s[41] as number) << 18) | ((s[40] as number) >>> 14);
    b20 = ((s[2] as number) << 1) | ((s[3] as number) >>> 31);
    b21 = ((s[3] as number) << 1) | ((s[2] as number) >>> 31);
    b2 = ((s[13] as number) << 12) | ((s[12] as number) >>> 20);
    b3 = ((s[12] as number) << 12) | ((s[13] as number) >>> 20);
    b34 = ((s[22] as number) << 10) | ((s[23] as number) >>> 22);
    b35 = ((s[23] as number) << 10) | ((s[22] as number) >>> 22);
    b16 = ((s[33] as number) << 13) | ((s[32] as number) >>> 19);
    b17 = ((s[32] as number) << 13) | ((s[33] as number) >>> 19);
    b48 = ((s[42] as number) << 2) | ((s[43] as number) >>> 30);
    b49 = ((s[43] as number) << 2) | ((s[42] as number) >>> 30);
    b40 = ((s[5] as number) << 30) | ((s[4] as number) >>> 2);
    b41 = ((s[4] as number) << 30) | ((s[5] as number) >>> 2);
    b22 = ((s[14] as number) << 6) | ((s[15] as number) >>> 26);
    b23 = ((s[15] as number) << 6) | ((s[14] as number) >>> 26);
    b4 = ((s[25] as number) << 11) | ((s[24] as number) >>> 21);
    b5 = ((s[24] as number) << 11) | ((s[25] as number) >>> 21);
    b36 = ((s[34] as number) << 15) | ((s[35] as number) >>> 17);
    b37 = ((s[35] as number) << 15) | ((s[34] as number) >>> 17);
    b18 = ((s[45] as number) << 29) | ((s[44] as number) >>> 3);
    b19 = ((s[44] as number) << 29) | ((s[45] as number) >>> 3);
    b10 = ((s[6] as number) << 28) | ((s[7] as number) >>> 4);
    b11 = ((s[7] as number) << 28) | ((s[6] as number) >>> 4);
    b42 = ((s[17] as number) << 23) | ((s[16] as number) >>> 9);
    b43 = ((s[16] as number) << 23) | ((s[17] as number) >>> 9);
    b24 = ((s[26] as number) << 25) | ((s[27] as number) >>> 7);
    b25 = ((s[27] as number) << 25) | ((s[26] as number) >>> 7);
    b6 = ((s[36] as number) << 21) | ((s[37] as number) >>> 11);
    b7 = ((s[37] as number) << 21) | ((s[36] as number) >>> 11);
    b38 = ((s[47] as number) << 24) | ((s[46] as number) >>> 8);
    b39 = ((s[46] as number) << 24) | ((s[47] as number) >>> 8);
    b30 = ((s[8] as number) << 27) | ((s[9] as number) >>> 5);
    b31 = ((s[9] as number) << 27) | ((s[8] as number) >>> 5);
    b12 = ((s[18] as number) << 20) | ((s[19] as number) >>> 12);
    b13 = ((s[19] as number) << 20) | ((s[18] as number) >>> 12);
    b44 = ((s[29] as number) << 7) | ((s[28] as number) >>> 25);
    b45 = ((s[28] as number) << 7) | ((s[29] as number) >>> 25);
    b26 = ((s[38] as number) << 8) | ((s[39] as number) >>> 24);
    b27 = ((s[39] as number) << 8) | ((s[38] as number) >>> 24);
    b8 = ((s[48] as number) << 14) | ((s[49] as number) >>> 18);
    b9 = ((s[49] as number) << 14) | ((s[48] as number) >>> 18);
    s[0] = b0 ^ (~b2 & b4);
    s[1] = b1 ^ (~b3 & b5);
    s[2] = b2 ^ (~b4 & b6);
    s[3] = b3 ^ (~b5 & b7);
    s[4] = b4 ^ (~b6 & b8);
    s[5] = b5 ^ (~b7 & b9);
    s[6] = b6 ^ (~b8 & b0);
    s[7] = b7 ^ (~b9 & b1);
    s[8] = b8 ^ (~b0 & b2);
    s[9] = b9 ^ (~b1 & b3);
    s[10] = b10 ^ (~b12 & b14);
    s[11] = b11 ^ (~b13 & b15);
    s[12] = b12 ^ (~b14 & b16);
    s[13] = b13 ^ (~b15 & b17);
    s[14] = b14 ^ (~b16 & b18);
    s[15] = b15 ^ (~b17 & b19);
    s[16] = b16 ^ (~b18 & b10);
    s[17] = b17 ^ (~b19 & b11);
    s[18] = b18 ^ (~b10 & b12);
    s[19] = b19 ^ (~b11 & b13);
    s[20] = b20 ^ (~b22 & b24);
    s[21] = b21 ^ (~b23 & b25);
    s[22] = b22 ^ (~b24 & b26);
    s[23] = b23 ^ (~b25 & b27);
    s[24] = b24 ^ (~b26 & b28);
    s[25] = b25 ^ (~b27 & b29);
    s[26] = b26 ^ (~b28 & b20);
    s[27] = b27 ^ (~b29 & b21);
    s[28] = b28 ^ (~b20 & b22);
    s[29] = b29 ^ (~b21 & b23);
    s[30] = b30 ^ (~b32 & b34);
    s[31] = b31 ^ (~b33 & b35);
    s[32] = b32 ^ (~b34 & b36);
    s[33] = b33 ^ (~b35 & b37);
    s[34] = b34 ^ (~b36 & b38);
    s[35] = b35 ^ (~b37 & b39);
    s[36] = b36 ^ (~b38 & b30);
    s[37] = b37 ^ (~b39 & b31);
    s[38] = b38 ^ (~b30 & b32);
    s[39] = b39 ^ (~b31 & b33);
    s[40] = b40 ^ (~b42 & b44);
    s[41] = b41 ^ (~b43 & b45);
    s[42] = b42 ^ (~b44 & b46);
    s[43] = b43 ^ (~b45 & b47);
    s[44] = b44 ^ (~b46 & b48);
    s[45] = b45 ^ (~b47 & b49);
    s[46] = b46 ^ (~b48 & b40);
    s[47] = b47 ^ (~b49 & b41);
    s[48] = b48 ^ (~b40 & b42);
    s[49] = b49 ^ (~b41 & b43);
    s[0] = (s[0] as number) ^ (RC[n] as number);
    s[1] = (s[1] as number) ^ (RC[n + 1] as number);
  }
}

function absorbBlock(s: Uint32Array, data: Uint8Array, offset: number, length: number): void {
  // XOR `length` bytes (<= RATE) into the state, little-endian within each 32-bit word.
  for (let i = 0; i < length; i++) {
    const word = i >>> 2;
    s[word] = (s[word] as number) ^ ((data[offset + i] as number) << ((i & 3) * 8));
  }
}

/** keccak256 of `data` into `out` (32 bytes at `outOffset`). */
export function keccak256Into(data: Uint8Array, out: Uint8Array, outOffset = 0): void {
  state.fill(0);
  let offset = 0;
  while (data.length - offset >= RATE) {
    absorbBlock(state, data, offset, RATE);
    permute(state);
    offset += RATE;
  }
  const rest = data.length - offset;
  absorbBlock(state, data, offset, rest);
  // Keccak padding (0x01 ... 0x80), not SHA-3's 0x06.
  state[rest >>> 2] = (state[rest >>> 2] as number) ^ (0x01 << ((rest & 3) * 8));
  state[(RATE - 1) >>> 2] = (state[(RATE - 1) >>> 2] as number) ^ (0x80 << (((RATE - 1) & 3) * 8));
  permute(state);
  for (let i = 0; i < 32; i++)
    out[outOffset + i] = ((state[i >>> 2] as number) >>> ((i & 3) * 8)) & 0xff;
}

export function keccak256Bytes(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  keccak256Into(data, out);
  return out;
}

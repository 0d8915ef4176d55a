import { EMPTY_ROOT, hashLeaf, leafHashOfChainHash } from './merkle-hash';
import { MemoryMerkleTree } from './memory-tree';
import {
  consistencyProblem,
  inclusionProblem,
  proveConsistency,
  proveInclusion,
  proveInclusions,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
} from './merkle-proof';
import { loadFrontier, frontierRoot } from './compact-tree';

// transparency-dev/merkle's reference vectors (testonly/constants.go and the proof vectors' generator).
const hex = (text: string): Buffer => Buffer.from(text, 'hex');
const LEAF_INPUTS = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(hex);
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
].map(hex);
const NODE_HASHES: string[][] = [
  [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
    '0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7',
    '07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7',
    'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    '4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658',
    'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
    '46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1',
  ],
  [
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
    'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
  ],
  ['d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'],
  ['5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328'],
];
// [leaf index (0-based), tree size, proof]
const INCLUSION_VECTORS: [number, number, string[]][] = [
  [0, 1, []],
  [
    0,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    5,
    8,
    [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
  [
    1,
    5,
    [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
];
const CONSISTENCY_VECTORS: [number, number, string[]][] = [
  [1, 1, []],
  [
    1,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    6,
    8,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [2, 5, ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b']],
  [
    6,
    7,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
];
const SOME_HASH = hex('abacaba000000000000000000000000000000000000000000060061e00123456');

function referenceTree(): MemoryMerkleTree {
  const tree = new MemoryMerkleTree();
  tree.append(...LEAF_INPUTS.map(hashLeaf));
  return tree;
}

function treeOf(size: number): MemoryMerkleTree {
  const tree = new MemoryMerkleTree();
  for (let i = 0; i < size; i += 1) tree.append(hashLeaf(Buffer.from(`leaf ${i}`)));
  return tree;
}

const flip = (hash: Buffer, bit: number): Buffer => {
  const copy = Buffer.from(hash);
  copy[0] ^= 1 << bit;
  return copy;
};

describe('RFC 9162 tree hashing against the reference vectors', () => {
  it('computes the root of every tree size from 0 to 8', async () => {
    const tree = referenceTree();
    for (let size = 0; size <= 8; size += 1) expect((await treeRoot(size, tree.source)).toString('hex')).toBe(ROOTS[size].toString('hex'));
    expect(EMPTY_ROOT.equals(ROOTS[0])).toBe(true);
  });

  it('keeps every complete subtree the reference lists', () => {
    const tree = referenceTree();
    NODE_HASHES.forEach((level, l) => level.forEach((hash, index) => expect(tree.subtree({ level: l, index }).toString('hex')).toBe(hash)));
  });

  it('grows a frontier loaded from a store to the same root', async () => {
    const tree = referenceTree();
    for (let size = 0; size <= 8; size += 1) expect(frontierRoot(await loadFrontier(size, tree.source)).equals(ROOTS[size])).toBe(true);
  });

  it('hashes a chain hash as its 32 raw bytes and refuses anything else', () => {
    const chain = 'ab'.repeat(32);
    expect(leafHashOfChainHash(chain).equals(hashLeaf(Buffer.from(chain, 'hex')))).toBe(true);
    expect(() => leafHashOfChainHash('AB'.repeat(32))).toThrow(RangeError);
    expect(() => leafHashOfChainHash('ab'.repeat(31))).toThrow(RangeError);
  });
});

describe('inclusion proofs', () => {
  it.each(INCLUSION_VECTORS)('generates and verifies the reference proof of leaf %i in a tree of %i', async (index, size, proofHex) => {
    const tree = referenceTree();
    const proof = await proveInclusion(index, size, tree.source);
    expect(proof.map((hash) => hash.toString('hex'))).toEqual(proofHex);
    expect(verifyInclusion(hashLeaf(LEAF_INPUTS[index]), index, size, proof, ROOTS[size])).toBe(true);
  });

  it.each(INCLUSION_VECTORS.filter(([, , proof]) => proof.length > 0))('refuses every corruption of the proof of leaf %i in %i', (index, size, proofHex) => {
    const proof = proofHex.map(hex);
    const leaf = hashLeaf(LEAF_INPUTS[index]);
    const root = ROOTS[size];
    const probes: [number, number, Buffer, Buffer[], Buffer][] = [
      [index - 1, size, leaf, proof, root],
      [index + 1, size, leaf, proof, root],
      [index ^ 2, size, leaf, proof, root],
      [index, size * 2, leaf, proof, root],
      [index, Math.floor(size / 2), leaf, proof, root],
      [index, size, Buffer.from('WrongLeaf'), proof, root],
      [index, size, hashLeaf(Buffer.from('other')), proof, root],
      [index, size, leaf, proof, EMPTY_ROOT],
      [index, size, leaf, proof, SOME_HASH],
      [index, size, leaf, [...proof, Buffer.alloc(0)], root],
      [index, size, leaf, [...proof, root], root],
      [index, size, leaf, [Buffer.alloc(0), ...proof], root],
      [index, size, leaf, [root, ...proof], root],
      [index, size, leaf, proof.slice(0, -1), root],
      [index, size, leaf, proof.slice(1), root],
      ...proof.map((_, i): [number, number, Buffer, Buffer[], Buffer] => [index, size, leaf, proof.map((hash, j) => (j === i ? flip(hash, 3) : hash)), root]),
    ];
    if (proof.length > 1) probes.push([index, size, leaf, [proof[0], SOME_HASH, ...proof.slice(1)], root], [index, size, leaf, [...proof].reverse(), root]);
    probes.forEach(([i, s, l, p, r], at) => expect([at, inclusionProblem(l, i, s, p, r)]).not.toEqual([at, null]));
  });

  it('refuses the empty tree, indexes past the end and non-integers', () => {
    const leaf = hashLeaf(Buffer.from('data'));
    for (const [index, size] of [
      [0, 0],
      [1, 0],
      [2, 1],
      [1, 1],
      [-1, 1],
      [0.5, 1],
      [0, 1.5],
      [Number.NaN, 1],
    ]) {
      expect(verifyInclusion(leaf, index, size, [], leaf)).toBe(false);
      expect(verifyInclusion(leaf, index, size, [], EMPTY_ROOT)).toBe(false);
    }
  });

  it('proves the one leaf of a one-leaf tree with an empty proof, and nothing else', () => {
    const leaf = hashLeaf(Buffer.from('data'));
    expect(verifyInclusion(leaf, 0, 1, [], leaf)).toBe(true);
    expect(verifyInclusion(leaf, 0, 1, [], Buffer.alloc(0))).toBe(false);
    expect(verifyInclusion(Buffer.alloc(0), 0, 1, [], leaf)).toBe(false);
    expect(verifyInclusion(leaf, 0, 1, [leaf], leaf)).toBe(false);
  });

  it('proves every leaf of every tree up to 70 leaves, and no proof works for a neighbour or another tree', async () => {
    const tree = treeOf(70);
    for (let size = 1; size <= 70; size += 1) {
      const root = await treeRoot(size, tree.source);
      const otherRoot = await treeRoot(size === 70 ? 69 : size + 1, tree.source);
      for (let index = 0; index < size; index += 1) {
        const proof = await proveInclusion(index, size, tree.source);
        const leaf = tree.subtree({ level: 0, index });
        expect(verifyInclusion(leaf, index, size, proof, root)).toBe(true);
        expect(verifyInclusion(leaf, index, size, proof, otherRoot)).toBe(false);
        if (index + 1 < size) expect(verifyInclusion(leaf, index + 1, size, proof, root)).toBe(false);
        expect(verifyInclusion(tree.subtree({ level: 0, index: (index + 1) % 70 }), index, size, proof, root)).toBe(false);
      }
    }
  });

  it('builds many proofs in one go exactly as one by one', async () => {
    const tree = treeOf(37);
    const indexes = [0, 5, 36, 17, 5];
    const together = await proveInclusions(indexes, 37, tree.source);
    expect(together).toEqual(await Promise.all(indexes.map((index) => proveInclusion(index, 37, tree.source))));
  });

  it('refuses to generate a proof for a leaf outside the tree', async () => {
    const tree = treeOf(4);
    await expect(proveInclusion(4, 4, tree.source)).rejects.toThrow(RangeError);
    await expect(proveInclusion(0, 0, tree.source)).rejects.toThrow(RangeError);
    await expect(proveInclusion(0, 5, tree.source)).rejects.toThrow(RangeError);
  });
});

describe('consistency proofs', () => {
  it.each(CONSISTENCY_VECTORS)('generates and verifies the reference proof from %i to %i', async (m, n, proofHex) => {
    const tree = referenceTree();
    const proof = await proveConsistency(m, n, tree.source);
    expect(proof.map((hash) => hash.toString('hex'))).toEqual(proofHex);
    expect(consistencyProblem(m, n, ROOTS[m], ROOTS[n], proof)).toBeNull();
  });

  it.each(CONSISTENCY_VECTORS.filter(([, , proof]) => proof.length > 0))('refuses every corruption of the proof from %i to %i', (m, n, proofHex) => {
    const proof = proofHex.map(hex);
    const [r1, r2] = [ROOTS[m], ROOTS[n]];
    const probes: [number, number, Buffer, Buffer, Buffer[]][] = [
      [m - 1, n, r1, r2, proof],
      [m + 1, n, r1, r2, proof],
      [m ^ 2, n, r1, r2, proof],
      [m, n * 2, r1, r2, proof],
      [m, Math.floor(n / 2), r1, r2, proof],
      [m, n, Buffer.from('WrongRoot'), r2, proof],
      [m, n, r1, Buffer.from('WrongRoot'), proof],
      [m, n, r2, r1, proof],
      [m, n, r1, r2, []],
      [m, n, r1, r2, [...proof, Buffer.alloc(0)]],
      [m, n, r1, r2, [...proof, r1]],
      [m, n, r1, r2, [...proof, r2]],
      [m, n, r1, r2, [Buffer.alloc(0), ...proof]],
      [m, n, r1, r2, [r1, ...proof]],
      [m, n, r1, r2, [r2, ...proof]],
      [m, n, r1, r2, [proof[0], ...proof]],
      [m, n, r1, r2, proof.slice(0, -1)],
      ...proof.map((_, i): [number, number, Buffer, Buffer, Buffer[]] => [m, n, r1, r2, proof.map((hash, j) => (j === i ? flip(hash, 4) : hash))]),
    ];
    probes.forEach(([a, b, x, y, p], at) => expect([at, consistencyProblem(a, b, x, y, p)]).not.toEqual([at, null]));
  });

  it('follows the reference on the trivial sizes', () => {
    const [any1, any2] = [hashLeaf(Buffer.from('1')), hashLeaf(Buffer.from('2'))];
    expect(verifyConsistency(0, 0, any1, any1, [])).toBe(true);
    expect(verifyConsistency(1, 1, any2, any2, [])).toBe(true);
    expect(verifyConsistency(0, 0, any1, any2, [])).toBe(false);
    expect(verifyConsistency(1, 1, any1, any2, [])).toBe(false);
    expect(verifyConsistency(0, 1, any1, any2, [])).toBe(false);
    expect(verifyConsistency(1, 0, any1, any2, [])).toBe(false);
    expect(verifyConsistency(2, 1, any1, any2, [])).toBe(false);
    expect(verifyConsistency(1, 2, any1, any2, [])).toBe(false);
    expect(verifyConsistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT])).toBe(false);
    expect(verifyConsistency(1, 1, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT])).toBe(false);
    expect(verifyConsistency(0, 1, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT])).toBe(false);
  });

  it('proves every pair of sizes up to 48 leaves, and refuses a forked tree', async () => {
    const tree = treeOf(48);
    const roots = await Promise.all(Array.from({ length: 49 }, (_, size) => treeRoot(size, tree.source)));
    const forked = new MemoryMerkleTree();
    forked.append(hashLeaf(Buffer.from('forked')));
    for (let i = 1; i < 48; i += 1) forked.append(tree.subtree({ level: 0, index: i }));
    for (let m = 1; m <= 48; m += 1) {
      for (let n = m; n <= 48; n += 1) {
        const proof = await proveConsistency(m, n, tree.source);
        expect(verifyConsistency(m, n, roots[m], roots[n], proof)).toBe(true);
        if (m < n) expect(verifyConsistency(m, n, roots[m], roots[n - 1], proof)).toBe(false);
      }
      expect(verifyConsistency(m, 48, roots[m], forked.root(), await proveConsistency(m, 48, forked.source))).toBe(false);
    }
  });

  it('refuses to generate a proof for sizes the tree cannot hold', async () => {
    const tree = treeOf(4);
    await expect(proveConsistency(0, 4, tree.source)).rejects.toThrow(RangeError);
    await expect(proveConsistency(3, 2, tree.source)).rejects.toThrow(RangeError);
    await expect(proveConsistency(2, 5, tree.source)).rejects.toThrow(RangeError);
  });
});

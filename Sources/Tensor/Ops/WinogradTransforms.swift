import Foundation

/// The tile transforms of Winograd's F(2×2, 3×3) and their transposes (for backpropagation).
///
/// A 2×2 output tile of a 3×3 stride-1 cross-correlation is `Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A` for the
/// 4×4 input tile `d` and the 3×3 kernel `g`: 16 multiplies instead of 36. With
///
///     Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1]
///     G  = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1]
///     Aᵀ = [1 1 1 0; 0 1 −1 −1]
///
/// every 2-D transform `P X Pᵀ` is a 1-D transform `P` applied down the columns, then along the
/// rows. A tile is four rows of four lanes; a 3×3 or 2×2 tile leaves its extra rows and lanes zero.
enum WinogradTransforms {
    /// Four rows of a tile, each row four lanes: `rows.0[x]` is element (0, x).
    typealias Tile = (SIMD4<Float>, SIMD4<Float>, SIMD4<Float>, SIMD4<Float>)

    /// Input tile → transform domain: `Bᵀ d B`.
    @inline(__always)
    static func input(_ tile: Tile) -> Tile { twoDimensional(tile, inputColumns) }

    /// Transform-domain input gradient → 4×4 input tile gradient: `B v Bᵀ`.
    @inline(__always)
    static func inputTransposed(_ tile: Tile) -> Tile { twoDimensional(tile, inputColumnsTransposed) }

    /// 3×3 kernel → transform domain: `G g Gᵀ`.
    @inline(__always)
    static func weight(_ tile: Tile) -> Tile { twoDimensional(tile, weightColumns) }

    /// Transform-domain kernel gradient → 3×3 kernel gradient: `Gᵀ u G`.
    @inline(__always)
    static func weightTransposed(_ tile: Tile) -> Tile { twoDimensional(tile, weightColumnsTransposed) }

    /// Transform-domain product → 2×2 output tile: `Aᵀ m A`.
    @inline(__always)
    static func output(_ tile: Tile) -> Tile { twoDimensional(tile, outputColumns) }

    /// 2×2 output tile gradient → transform-domain product gradient: `A y Aᵀ`.
    @inline(__always)
    static func outputTransposed(_ tile: Tile) -> Tile { twoDimensional(tile, outputColumnsTransposed) }

    /// `P X Pᵀ` from the column transform `P X` (rows as vectors): columns, transpose, columns, transpose.
    @inline(__always)
    private static func twoDimensional(_ tile: Tile, _ columns: (Tile) -> Tile) -> Tile {
        transposed(columns(transposed(columns(tile))))
    }

    @inline(__always)
    private static func transposed(_ t: Tile) -> Tile {
        (SIMD4(t.0[0], t.1[0], t.2[0], t.3[0]), SIMD4(t.0[1], t.1[1], t.2[1], t.3[1]),
         SIMD4(t.0[2], t.1[2], t.2[2], t.3[2]), SIMD4(t.0[3], t.1[3], t.2[3], t.3[3]))
    }

    // The 1-D transforms, applied to whole rows at once.

    /// `Bᵀ d`.
    @inline(__always)
    private static func inputColumns(_ d: Tile) -> Tile { (d.0 - d.2, d.1 + d.2, d.2 - d.1, d.1 - d.3) }

    /// `B v`.
    @inline(__always)
    private static func inputColumnsTransposed(_ v: Tile) -> Tile { (v.0, v.1 - v.2 + v.3, v.1 + v.2 - v.0, -v.3) }

    /// `G g` (3 rows → 4).
    @inline(__always)
    private static func weightColumns(_ g: Tile) -> Tile {
        (g.0, 0.5 * (g.0 + g.1 + g.2), 0.5 * (g.0 - g.1 + g.2), g.2)
    }

    /// `Gᵀ u` (4 rows → 3).
    @inline(__always)
    private static func weightColumnsTransposed(_ u: Tile) -> Tile {
        (u.0 + 0.5 * (u.1 + u.2), 0.5 * (u.1 - u.2), 0.5 * (u.1 + u.2) + u.3, .zero)
    }

    /// `Aᵀ m` (4 rows → 2).
    @inline(__always)
    private static func outputColumns(_ m: Tile) -> Tile { (m.0 + m.1 + m.2, m.1 - m.2 - m.3, .zero, .zero) }

    /// `A y` (2 rows → 4).
    @inline(__always)
    private static func outputColumnsTransposed(_ y: Tile) -> Tile { (y.0, y.0 + y.1, y.0 - y.1, -y.1) }
}

import NN
import Tensor
import XCTest

/// Tiny models trained 20 steps with AdamW on fixed data must reproduce PyTorch's loss curve.
final class TrainingParityTests: XCTestCase {
    private var generator = RandomGenerator(seed: 0)

    /// Linear → GELU → Linear, cross-entropy.
    final class MLP: Module {
        let fc1: Linear, fc2: Linear
        init(generator: inout RandomGenerator) {
            fc1 = Linear(16, 32, generator: &generator)
            fc2 = Linear(32, 10, generator: &generator)
            super.init()
            register("fc1", module: fc1)
            register("fc2", module: fc2)
        }
    }

    /// Conv → GroupNorm → SiLU → strided conv → transposed conv; reconstruction + classification.
    final class ConvNet: Module {
        let conv1: Conv2d, norm: GroupNorm, conv2: Conv2d, up: ConvTranspose2d, head: Linear
        init(generator: inout RandomGenerator) {
            conv1 = Conv2d(3, 8, kernel: 3, padding: 1, generator: &generator)
            norm = GroupNorm(groups: 4, channels: 8)
            conv2 = Conv2d(8, 8, kernel: 3, stride: 2, padding: 1, generator: &generator)
            up = ConvTranspose2d(8, 4, kernel: 4, stride: 2, padding: 1, generator: &generator)
            head = Linear(4, 5, generator: &generator)
            super.init()
            register("conv1", module: conv1)
            register("norm", module: norm)
            register("conv2", module: conv2)
            register("up", module: up)
            register("head", module: head)
        }
    }

    /// Embedding → RMSNorm → GQA attention with RoPE → RMSNorm → SwiGLU → head, next-token loss.
    final class AttentionBlock: Module {
        let embed: Embedding, selfAttention: SelfAttention
        let attentionNorm = Tensor(zeros: [16]), mlpNorm = Tensor(zeros: [16])
        let gate: Linear, up: Linear, down: Linear, head: Linear
        init(generator: inout RandomGenerator) {
            embed = Embedding(12, 16, generator: &generator)
            selfAttention = SelfAttention(dimension: 16, heads: 4, kvHeads: 2, generator: &generator)
            gate = Linear(16, 32, bias: false, generator: &generator)
            up = Linear(16, 32, bias: false, generator: &generator)
            down = Linear(32, 16, bias: false, generator: &generator)
            head = Linear(16, 12, bias: false, generator: &generator)
            super.init()
            register("embed", module: embed)
            register("attention_norm", parameter: attentionNorm)
            register("self_attn", module: selfAttention)
            register("mlp_norm", parameter: mlpNorm)
            register("gate_proj", module: gate)
            register("up_proj", module: up)
            register("down_proj", module: down)
            register("head", module: head)
        }

        func loss(ids: [Int32], batch: Int, time: Int) -> Tensor {
            var hidden = embed(ids, shape: [batch, time])  // [batch, time, 16]
            hidden = hidden + selfAttention(rmsNorm(hidden, weight: attentionNorm, epsilon: 1e-5), positions: Array(0..<time))
            let normed = rmsNorm(hidden, weight: mlpNorm, epsilon: 1e-5)
            hidden = hidden + down(gate(normed).silu() * up(normed))
            let logits = head(hidden).slice(axis: 1, 0..<(time - 1)).reshaped([-1, 12])  // predict token t+1
            let targets = (0..<batch).flatMap { row in ids[(row * time + 1)..<((row + 1) * time)] }
            return crossEntropy(logits: logits, targets: targets)
        }
    }

    private func assertMatchesPyTorch(_ losses: [Float], _ fixture: TrainingFixture, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(losses.count, fixture.losses.count, file: file, line: line)
        for (step, (ours, reference)) in zip(losses, fixture.losses).enumerated() {
            XCTAssertEqual(ours, reference, accuracy: 1e-4 * Swift.abs(reference), "step \(step)", file: file, line: line)
        }
        XCTAssertLessThan(losses.last!, losses.first!, "loss did not go down", file: file, line: line)
    }

    func testMLPMatchesPyTorch() throws {
        let fixture = try TrainingFixture.named("mlp")
        let model = MLP(generator: &generator)
        try fixture.load(into: model)
        let inputs = fixture.float("inputs"), targets = fixture.ids("targets")
        assertMatchesPyTorch(fixture.train(model) {
            crossEntropy(logits: model.fc2(model.fc1(inputs).gelu()), targets: targets)
        }, fixture)
    }

    func testConvNetMatchesPyTorch() throws {
        let fixture = try TrainingFixture.named("convnet")
        let model = ConvNet(generator: &generator)
        try fixture.load(into: model)
        let inputs = fixture.float("inputs"), targets = fixture.ids("targets")
        assertMatchesPyTorch(fixture.train(model) {
            let features = model.conv1(inputs)
            let decoded = model.up(model.conv2(model.norm(features).silu()).silu())  // [batch, 4, 8, 8]
            let reconstruction = Loss.meanSquaredError(decoded.slice(axis: 1, 0..<3), inputs)
            return reconstruction + crossEntropy(logits: model.head(decoded.mean(axes: [2, 3])), targets: targets)
        }, fixture)
    }

    func testAttentionBlockMatchesPyTorch() throws {
        let fixture = try TrainingFixture.named("attention")
        let model = AttentionBlock(generator: &generator)
        try fixture.load(into: model)
        let ids = fixture.ids("ids")
        assertMatchesPyTorch(fixture.train(model) { model.loss(ids: ids, batch: 3, time: 10) }, fixture)
    }
}

// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IDisputeGame} from "../../src/interfaces/IDisputeGame.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {JobStatus} from "../../src/types/JobStatus.sol";
import {ModelKind} from "../../src/types/ModelKind.sol";
import {DenseModel} from "./utils/DenseModel.sol";
import {DisputeGameTestBase} from "./utils/DisputeGameTestBase.sol";

contract DisputeChallengeTest is DisputeGameTestBase {
    bytes32[] internal noProof;

    function test_challenge_opensDispute() public {
        Scenario memory sc = _defaultHonest();
        uint256 l = 2;
        vm.expectEmit(address(game));
        emit IDisputeGame.DisputeOpened(
            1,
            sc.jobId,
            provider,
            challenger,
            sc.modelId,
            l,
            sc.hashes[1],
            sc.hashes[2],
            BOND,
            block.timestamp + MOVE_TIMEOUT
        );
        uint256 id = _challenge(sc, challenger, l);
        vm.snapshotGasLastCall("dispute", "challenge");

        assertEq(id, 1);
        assertEq(game.disputeCount(), 1);
        IDisputeGame.Dispute memory d = game.getDispute(id);
        assertEq(d.challenger, challenger);
        assertEq(d.provider, provider);
        assertEq(d.deadline, block.timestamp + MOVE_TIMEOUT);
        assertEq(d.layer, l);
        assertEq(uint8(d.phase), uint8(IDisputeGame.DisputePhase.AwaitingResponse));
        assertEq(d.modelId, sc.modelId);
        assertEq(d.bond, BOND);
        assertEq(d.jobId, sc.jobId);
        assertEq(d.agreedHash, sc.hashes[1]);
        assertEq(d.disputedHash, sc.hashes[2]);
        assertEq(d.round, 0);

        assertEq(token.balanceOf(address(game)), BOND, "bond pulled");
        assertEq(token.balanceOf(challenger), 9 * BOND);
        assertEq(uint8(market.getJob(sc.jobId).status), uint8(JobStatus.Disputed));
        assertEq(market.openCount(), 1);
    }

    /// @dev Layer 1 binds its input to the job's input hash, the last layer its output to the output
    /// hash, hidden layers both ends to the trace.
    function test_challenge_everyLayerOfADeepModel() public {
        uint256[] memory widths = new uint256[](6);
        (widths[0], widths[1], widths[2], widths[3], widths[4], widths[5]) = (3, 4, 5, 6, 7, 2);
        for (uint256 l = 1; l <= 5; ++l) {
            Scenario memory sc = _honest(l, widths);
            uint256 id = _challenge(sc, challenger, l);
            assertEq(game.getDispute(id).agreedHash, sc.hashes[l - 1]);
            assertEq(game.getDispute(id).disputedHash, sc.hashes[l]);
        }
    }

    function test_challenge_oneLayerModel() public {
        uint256[] memory widths = new uint256[](2);
        (widths[0], widths[1]) = (33, 7);
        Scenario memory sc = _honest(7, widths);
        assertEq(sc.traceRoot, bytes32(0), "a one-layer trace is empty");
        uint256 id = _challenge(sc, challenger, 1);
        assertEq(game.getDispute(id).agreedHash, sc.hashes[0]);
        assertEq(game.getDispute(id).disputedHash, sc.hashes[1]);
    }

    function test_challenge_retiredModelStillDisputable() public {
        Scenario memory sc = _defaultHonest();
        registry.retireModel(sc.modelId);
        uint256 id = _challenge(sc, challenger, 1);
        assertEq(uint8(game.getDispute(id).phase), uint8(IDisputeGame.DisputePhase.AwaitingResponse));
    }

    function test_challenge_withZeroBond() public {
        params.setChallengerBond(0);
        Scenario memory sc = _defaultHonest();
        uint256 id = _challenge(sc, challenger, 3);
        assertEq(game.getDispute(id).bond, 0);
        assertEq(token.balanceOf(address(game)), 0);
    }

    function test_challenge_atTheLastSecondOfTheWindow() public {
        Scenario memory sc = _defaultHonest();
        vm.warp(block.timestamp + WINDOW);
        _challenge(sc, challenger, 1);
        assertEq(uint8(market.getJob(sc.jobId).status), uint8(JobStatus.Disputed));
        _challenge(sc, stranger, 2); // another, at the same second, while disputed
        assertEq(market.openDisputes(sc.jobId), 2);
    }

    /// @dev Disputes run side by side: a running dispute never keeps another challenger out.
    function test_challenge_whileAnotherDisputeRuns() public {
        Scenario memory sc = _defaultHonest();
        uint256 a = _challenge(sc, challenger, 1);
        uint256 b = _challenge(sc, stranger, 2);
        assertEq(b, a + 1);
        assertEq(game.getDispute(b).challenger, stranger);
        assertEq(uint8(game.getDispute(b).phase), uint8(IDisputeGame.DisputePhase.AwaitingResponse));
        assertEq(market.openDisputes(sc.jobId), 2);
        assertEq(market.openCount(), 2);
        assertEq(token.balanceOf(address(game)), 2 * BOND);
        // The same challenger may open another one too.
        _challenge(sc, challenger, 3);
        assertEq(market.openDisputes(sc.jobId), 3);
    }

    /// @dev The dispute records the round the market counted it in (here after a re-auction).
    function test_challenge_recordsTheRound() public {
        market.setReauction(true);
        Scenario memory sc = _defaultHonest();
        uint256 a = _challenge(sc, challenger, 1);
        vm.warp(block.timestamp + MOVE_TIMEOUT + 1);
        game.timeout(a); // no response: the provider lost, round 0 ends
        assertEq(market.getJob(sc.jobId).round, 1);
        market.resubmit(sc.jobId, provider, _outputHash(sc), sc.traceRoot, WINDOW);
        uint256 b = _challenge(sc, stranger, 2);
        assertEq(game.getDispute(a).round, 0);
        assertEq(game.getDispute(b).round, 1);
    }

    // ---------------------------------------------------------------- reverts

    function test_challenge_RevertWhen_windowPassed() public {
        Scenario memory sc = _defaultHonest();
        uint256 deadline = block.timestamp + WINDOW;
        vm.warp(deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketDeadlinePassed.selector, sc.jobId, deadline));
        _challenge(sc, challenger, 1);
    }

    function test_challenge_RevertWhen_windowPassedWhileDisputed() public {
        Scenario memory sc = _defaultHonest();
        uint256 deadline = block.timestamp + WINDOW;
        _challenge(sc, challenger, 1);
        vm.warp(deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketDeadlinePassed.selector, sc.jobId, deadline));
        _challenge(sc, stranger, 2);
    }

    function test_challenge_RevertWhen_jobNotSubmitted() public {
        Scenario memory sc = _defaultHonest();
        market.setStatus(sc.jobId, JobStatus.Finalized);
        vm.expectRevert(
            abi.encodeWithSelector(IDisputeGame.DisputeJobNotSubmitted.selector, sc.jobId, JobStatus.Finalized)
        );
        _challenge(sc, challenger, 1);
    }

    function test_challenge_RevertWhen_unknownJob() public {
        Scenario memory sc = _defaultHonest();
        sc.jobId = 99;
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketUnknownJob.selector, 99));
        _challenge(sc, challenger, 1);
    }

    function test_challenge_RevertWhen_callerIsProvider() public {
        Scenario memory sc = _defaultHonest();
        _fund(provider);
        vm.expectRevert(abi.encodeWithSelector(IDisputeGame.DisputeChallengerIsProvider.selector, sc.jobId, provider));
        _challenge(sc, provider, 1);
    }

    function test_challenge_RevertWhen_outputHashOrTraceRootWrong() public {
        Scenario memory sc = _defaultHonest();
        bytes32 expected = keccak256(abi.encodePacked(_outputHash(sc), sc.traceRoot));
        bytes32 wrongRoot = bytes32(uint256(sc.traceRoot) ^ 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDisputeGame.DisputeResultMismatch.selector,
                sc.jobId,
                expected,
                keccak256(abi.encodePacked(_outputHash(sc), wrongRoot))
            )
        );
        vm.prank(challenger);
        game.challenge(sc.jobId, 1, _outputHash(sc), wrongRoot, sc.hashes[0], noProof, sc.hashes[1], noProof);
    }

    function test_challenge_RevertWhen_floatModel() public {
        uint256 modelId = registry.addModel(ModelKind.Float, 3, bytes32(0));
        uint256 jobId = market.submitJob(provider, uint32(modelId), "in", "out", "trace", WINDOW);
        vm.expectRevert(abi.encodeWithSelector(IDisputeGame.DisputeNotIntegerModel.selector, modelId, ModelKind.Float));
        vm.prank(challenger);
        game.challenge(jobId, 1, "out", "trace", "in", noProof, "h1", noProof);
    }

    function test_challenge_RevertWhen_layerZero() public {
        Scenario memory sc = _defaultHonest();
        vm.expectRevert(abi.encodeWithSelector(IDisputeGame.DisputeLayerOutOfRange.selector, 0, 3));
        vm.prank(challenger);
        game.challenge(sc.jobId, 0, _outputHash(sc), sc.traceRoot, sc.hashes[0], noProof, sc.hashes[0], noProof);
    }

    function test_challenge_RevertWhen_layerAboveLayerCount() public {
        Scenario memory sc = _defaultHonest();
        vm.expectRevert(abi.encodeWithSelector(IDisputeGame.DisputeLayerOutOfRange.selector, 4, 3));
        vm.prank(challenger);
        game.challenge(sc.jobId, 4, _outputHash(sc), sc.traceRoot, sc.hashes[3], noProof, sc.hashes[3], noProof);
    }

    function test_challenge_RevertWhen_inputHashWrong() public {
        Scenario memory sc = _defaultHonest();
        vm.expectRevert(abi.encodeWithSelector(IDisputeGame.DisputeBadTraceProof.selector, sc.jobId, 0, bytes32("x")));
        vm.prank(challenger);
        game.challenge(
            sc.jobId, 1, _outputHash(sc), sc.traceRoot, "x", noProof, sc.hashes[1], DenseModel.traceProof(sc.hashes, 1)
        );
    }

    function test_challenge_RevertWhen_proofGivenForInputHash() public {
        Scenario memory sc = _defaultHonest();
        bytes32[] memory proof = new bytes32[](1);
        vm.expectRevert(abi.encodeWithSelector(IDisputeGame.DisputeBadTraceProof.selector, sc.jobId, 0, sc.hashes[0]));
        vm.prank(challenger);
        game.challenge(
            sc.jobId,
            1,
            _outputHash(sc),
            sc.traceRoot,
            sc.hashes[0],
            proof,
            sc.hashes[1],
            DenseModel.traceProof(sc.hashes, 1)
        );
    }

    function test_challenge_RevertWhen_outputHashNotTheDisputedOne() public {
        Scenario memory sc = _defaultHonest();
        vm.expectRevert(abi.encodeWithSelector(IDisputeGame.DisputeBadTraceProof.selector, sc.jobId, 3, sc.hashes[2]));
        vm.prank(challenger);
        game.challenge(
            sc.jobId,
            3,
            _outputHash(sc),
            sc.traceRoot,
            sc.hashes[2],
            DenseModel.traceProof(sc.hashes, 2),
            sc.hashes[2],
            noProof
        );
    }

    function test_challenge_RevertWhen_hiddenHashNotInTrace() public {
        Scenario memory sc = _defaultHonest();
        bytes32 fake = keccak256("not a_1");
        vm.expectRevert(abi.encodeWithSelector(IDisputeGame.DisputeBadTraceProof.selector, sc.jobId, 1, fake));
        vm.prank(challenger);
        game.challenge(
            sc.jobId, 1, _outputHash(sc), sc.traceRoot, sc.hashes[0], noProof, fake, DenseModel.traceProof(sc.hashes, 1)
        );
    }

    /// @dev h_2 is a real trace leaf, but at trace index 1, not at the index of h_1.
    function test_challenge_RevertWhen_hiddenHashAtWrongIndex() public {
        Scenario memory sc = _defaultHonest();
        vm.expectRevert(abi.encodeWithSelector(IDisputeGame.DisputeBadTraceProof.selector, sc.jobId, 1, sc.hashes[2]));
        vm.prank(challenger);
        game.challenge(
            sc.jobId,
            1,
            _outputHash(sc),
            sc.traceRoot,
            sc.hashes[0],
            noProof,
            sc.hashes[2],
            DenseModel.traceProof(sc.hashes, 2)
        );
    }

    /// @dev Bonds are stored in 96 bits; the real parameters cap them at 1e27, far below.
    function test_challenge_RevertWhen_bondAbove96Bits() public {
        params.setChallengerBond(2 ** 96);
        token.mint(challenger, 2 ** 96);
        Scenario memory sc = _defaultHonest();
        vm.expectRevert(abi.encodeWithSelector(SafeCast.SafeCastOverflowedUintDowncast.selector, 96, 2 ** 96));
        _challenge(sc, challenger, 1);
    }

    function test_challenge_RevertWhen_bondNotApproved() public {
        Scenario memory sc = _defaultHonest();
        address poor = makeAddr("poor");
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(game), 0, BOND)
        );
        _challenge(sc, poor, 1);
    }
}

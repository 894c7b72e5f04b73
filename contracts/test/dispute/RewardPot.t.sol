// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDisputeGame} from "../../src/interfaces/IDisputeGame.sol";
import {JobStatus} from "../../src/types/JobStatus.sol";
import {DenseLayer, DenseModel} from "./utils/DenseModel.sol";
import {DisputeGameTestBase} from "./utils/DisputeGameTestBase.sol";

/// @notice The reward pot of a convicted round, against the market double (the real market and
/// staking are in RealMarket.t.sol): the challengers' share of the slash is split equally among the
/// disputes of the round that were open at the conviction, whoever convicted it.
contract DisputeRewardPotTest is DisputeGameTestBase {
    uint256 internal constant POT = 1000e18;
    address internal sybil = makeAddr("sybil");

    function setUp() public override {
        super.setUp();
        token.mint(address(market), 1e30);
        market.setRewardPot(token, POT);
        _fund(sybil);
    }

    function _lyingJob() internal returns (Scenario memory sc) {
        uint256[] memory widths = new uint256[](4);
        (widths[0], widths[1], widths[2], widths[3]) = (13, 9, 20, 5);
        (DenseLayer[] memory layers, bytes memory input) = DenseModel.random(1, widths);
        sc = _scenario(layers, input);
        _lieAt(sc, 3, 2, 17, false);
        _submit(sc);
    }

    /// @dev The sybil convicts first: it takes one share, not the pot; the pot keeps the rest for
    /// the disputes still open.
    function test_proveNeuron_convictionFundsThePotAndPaysOneShare() public {
        Scenario memory sc = _lyingJob();
        uint256 honest = _challenge(sc, challenger, 3);
        uint256 first = _challenge(sc, sybil, 3);
        _challenge(sc, stranger, 1);
        _respond(sc, first, 3);
        vm.expectEmit(address(game));
        emit IDisputeGame.RewardPotFunded(sc.jobId, 0, POT, 3);
        vm.expectEmit(address(game));
        emit IDisputeGame.RewardCredited(sybil, first, POT / 3);
        _proveAs(sc, first, 3, 2, sybil);

        assertEq(game.claimable(sybil), BOND + POT / 3, "bond back and one share");
        (uint256 remaining, uint256 sharesLeft) = game.rewardPot(sc.jobId, 0);
        assertEq(remaining, POT - POT / 3);
        assertEq(sharesLeft, 2);
        assertEq(uint8(game.getDispute(honest).phase), uint8(IDisputeGame.DisputePhase.AwaitingResponse));
        assertEq(token.balanceOf(address(game)), 3 * BOND + POT);
    }

    function test_proveNeuron_singleDisputeTakesTheWholePot() public {
        Scenario memory sc = _lyingJob();
        uint256 id = _challenge(sc, challenger, 3);
        _respond(sc, id, 3);
        _prove(sc, id, 3, 2);
        assertEq(game.claimable(challenger), BOND + POT);
        (uint256 remaining, uint256 sharesLeft) = game.rewardPot(sc.jobId, 0);
        assertEq(remaining + sharesLeft, 0, "nothing left behind");
        vm.prank(challenger);
        game.claim();
        assertEq(token.balanceOf(address(game)), 0);
    }

    /// @dev The pot is what the game's balance gained, never what the market says it sent.
    function test_proveNeuron_potIsWhatTheGameReceived() public {
        market.setPotOverstatement(5e18);
        Scenario memory sc = _lyingJob();
        uint256 id = _challenge(sc, challenger, 3);
        _challenge(sc, stranger, 3);
        _respond(sc, id, 3);
        vm.expectEmit(address(game));
        emit IDisputeGame.RewardPotFunded(sc.jobId, 0, POT, 2);
        _prove(sc, id, 3, 2);
        assertEq(game.claimable(challenger), BOND + POT / 2);
    }

    function test_timeout_providerSilentFundsThePot() public {
        Scenario memory sc = _lyingJob();
        uint256 id = _challenge(sc, challenger, 3);
        _challenge(sc, stranger, 3);
        vm.warp(block.timestamp + MOVE_TIMEOUT + 1);
        vm.expectEmit(address(game));
        emit IDisputeGame.RewardPotFunded(sc.jobId, 0, POT, 2);
        game.timeout(id);
        assertEq(game.claimable(challenger), BOND + POT / 2);
    }

    /// @dev Anyone closes a stale dispute at once: its challenger gets its bond and its share.
    function test_closeStaleDispute_byAStrangerPaysBondAndShare() public {
        Scenario memory sc = _lyingJob();
        uint256 first = _challenge(sc, sybil, 3);
        uint256 honest = _challenge(sc, challenger, 3);
        _respond(sc, first, 3);
        _proveAs(sc, first, 3, 2, sybil);

        vm.expectEmit(address(game));
        emit IDisputeGame.DisputeResolved(honest, sc.jobId, false, challenger);
        vm.expectEmit(address(game));
        emit IDisputeGame.BondCredited(challenger, honest, BOND);
        vm.expectEmit(address(game));
        emit IDisputeGame.RewardCredited(challenger, honest, POT / 2);
        vm.expectEmit(address(game));
        emit IDisputeGame.DisputeStale(honest, sc.jobId, 0);
        vm.prank(makeAddr("passer-by"));
        game.closeStaleDispute(honest);
        vm.snapshotGasLastCall("dispute", "closeStaleDispute");

        assertEq(game.claimable(challenger), BOND + POT / 2);
        assertEq(uint8(game.getDispute(honest).phase), uint8(IDisputeGame.DisputePhase.ChallengerWon));
        (uint256 remaining, uint256 sharesLeft) = game.rewardPot(sc.jobId, 0);
        assertEq(remaining + sharesLeft, 0);
    }

    /// @dev Equal shares rounded down; the last share takes the remainder, so the pot empties exactly.
    function test_closeStaleDispute_lastShareTakesTheRemainder() public {
        market.setRewardPot(token, 10);
        Scenario memory sc = _lyingJob();
        uint256 a = _challenge(sc, challenger, 3);
        uint256 b = _challenge(sc, stranger, 3);
        uint256 c = _challenge(sc, sybil, 1);
        _respond(sc, a, 3);
        _prove(sc, a, 3, 2);
        game.closeStaleDispute(c);
        game.closeStaleDispute(b);
        assertEq(game.claimable(challenger), BOND + 3);
        assertEq(game.claimable(sybil), BOND + 3);
        assertEq(game.claimable(stranger), BOND + 4, "the remainder");
        (uint256 remaining, uint256 sharesLeft) = game.rewardPot(sc.jobId, 0);
        assertEq(remaining + sharesLeft, 0);
        assertEq(token.balanceOf(address(game)), 3 * BOND + 10);
    }

    /// @dev A stale dispute waiting for its proof ends on its challenger's move, whatever the move says.
    function test_proveNeuron_onAStaleDisputeClosesIt() public {
        Scenario memory sc = _lyingJob();
        uint256 first = _challenge(sc, challenger, 3);
        uint256 other = _challenge(sc, stranger, 1);
        _respond(sc, other, 1); // awaiting the stranger's proof
        _respond(sc, first, 3);
        _prove(sc, first, 3, 2);
        _proveAs(sc, other, 1, 0, stranger); // a correct element: would have lost if it counted
        assertEq(uint8(game.getDispute(other).phase), uint8(IDisputeGame.DisputePhase.ChallengerWon));
        assertEq(game.claimable(stranger), BOND + POT / 2);
        assertEq(game.claimable(provider), 0);
    }

    function test_closeStaleDispute_RevertWhen_roundNotProvenWrong() public {
        Scenario memory sc = _lyingJob();
        uint256 id = _challenge(sc, challenger, 3);
        vm.expectRevert(abi.encodeWithSelector(IDisputeGame.DisputeNotStale.selector, id, sc.jobId, 0));
        game.closeStaleDispute(id);
    }

    function test_closeStaleDispute_RevertWhen_disputeEnded() public {
        Scenario memory sc = _lyingJob();
        uint256 id = _challenge(sc, challenger, 3);
        uint256 other = _challenge(sc, stranger, 3);
        _respond(sc, id, 3);
        _prove(sc, id, 3, 2);
        game.closeStaleDispute(other);
        vm.expectRevert(
            abi.encodeWithSelector(IDisputeGame.DisputeWrongPhase.selector, id, IDisputeGame.DisputePhase.ChallengerWon)
        );
        game.closeStaleDispute(id);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDisputeGame.DisputeWrongPhase.selector, other, IDisputeGame.DisputePhase.ChallengerWon
            )
        );
        game.closeStaleDispute(other);
    }

    function test_closeStaleDispute_RevertWhen_unknownDispute() public {
        vm.expectRevert(abi.encodeWithSelector(IDisputeGame.DisputeUnknown.selector, 7));
        game.closeStaleDispute(7);
    }

    /// @dev Whatever the number of disputes and whichever convicts, every challenger of the round
    /// gets its bond back and pot / k (the last one the remainder), and the game ends up empty.
    function testFuzz_closeStaleDispute_potSplitsEquallyAndEmpties(uint256 k, uint256 convicting, uint256 pot) public {
        k = bound(k, 1, 12);
        convicting = bound(convicting, 0, k - 1);
        pot = bound(pot, 0, 1e27);
        market.setRewardPot(token, pot);
        Scenario memory sc = _lyingJob();
        uint256[] memory ids = new uint256[](k);
        address[] memory who = new address[](k);
        for (uint256 i; i < k; ++i) {
            who[i] = makeAddr(string.concat("c", vm.toString(i)));
            _fund(who[i]);
            ids[i] = _challenge(sc, who[i], 3);
        }
        _respond(sc, ids[convicting], 3);
        _proveAs(sc, ids[convicting], 3, 2, who[convicting]);
        for (uint256 i; i < k; ++i) {
            if (i != convicting) game.closeStaleDispute(ids[i]);
        }
        uint256 paid;
        for (uint256 i; i < k; ++i) {
            uint256 credit = game.claimable(who[i]) - BOND;
            assertGe(credit, pot / k, "at least an equal share");
            assertLt(credit, pot / k + k, "at most an equal share plus the rounding remainder");
            paid += credit;
            vm.prank(who[i]);
            game.claim();
        }
        assertEq(paid, pot, "the pot is paid exactly");
        assertEq(token.balanceOf(address(game)), 0, "the game holds nothing");
    }
}

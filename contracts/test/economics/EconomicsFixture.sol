// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {DeploySystem} from "../../script/DeploySystem.sol";
import {DeployConfig} from "../../script/DeployConfig.sol";
import {IDisputeGame} from "../../src/interfaces/IDisputeGame.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {TestStablecoin} from "../../script/devnet/TestStablecoin.sol";
import {RealModelFixture} from "../utils/RealModelFixture.sol";
import {DenseModel} from "../dispute/utils/DenseModel.sol";

/// @notice The whole system as the deploy script builds it: the REAL dispute game wired into the
/// REAL job market and REAL staking, the real integer model of RealModelFixture, and a choice of the devnet or
/// the PRODUCTION parameter set and bounds (`DeployConfig.productionParameters` /
/// `productionBounds`; both deploy on chain 31337). Helpers post a job on the real model, run its
/// auction, submit an honest or a lying trace, challenge, respond, prove and time out.
abstract contract EconomicsFixture is RealModelFixture {
    uint256 internal constant VRT_SUPPLY = 1_000_000_000e18;

    bool internal production;

    /// @dev Production by default: the figures of docs/economics.md are for the production set.
    function setUp() public virtual override {
        _deploy(true);
    }

    /// @dev Deploys the whole system with the production (or devnet) parameters and bounds, wires
    /// the real game, registers the vectors' model, funds the fixture's actors.
    function _deploy(bool production_) internal {
        production = production_;
        if (production_) {
            sys = DeploySystem.deploy(
                admin,
                address(this),
                VRT_SUPPLY,
                address(0),
                guardian,
                DeployConfig.productionParameters(treasury),
                DeployConfig.productionBounds(6)
            );
        } else {
            sys = DeploySystem.deploy(
                admin, address(this), VRT_SUPPLY, address(0), guardian, DeployConfig.devnetParameters(treasury)
            );
        }
        _wireRealGame();
        usd = TestStablecoin(address(sys.paymentToken));
        modelId = _registerModel(publisher, keccak256("model-1"));
        _loadModel();
        _provider(alice, STAKE);
        _provider(bob, STAKE);
        _provider(carol, STAKE);
        usd.mint(requester, 1_000_000e6);
        vm.prank(requester);
        usd.approve(address(sys.market), type(uint256).max);
        _fundChallenger(challenger);
    }

    /* JOBS ON THE REAL MODEL */

    /// @dev A request for the real model at `maxPrice`, the production execution window's hour.
    function _realRequest(uint256 maxPrice, bool reauction) internal view returns (IJobMarket.JobRequest memory r) {
        r = _requestWith(maxPrice, address(0), 0, reauction);
        r.modelId = realModel;
        r.executionWindow = 1 hours;
    }

    function _postReal(uint256 maxPrice, bool reauction) internal returns (uint256 jobId) {
        vm.prank(requester);
        jobId = sys.market.postJob(_realRequest(maxPrice, reauction), _honest[0]);
    }

    /// @dev Runs the current round's auction of `jobId` with one bid of `who` at `price`.
    function _win(uint256 jobId, address who, uint256 price) internal {
        _commit(jobId, who, price);
        _toReveal(jobId);
        _reveal(jobId, who, price);
        _toSettle(jobId);
        sys.market.settleAuction(jobId);
    }

    function _submitTrace(uint256 jobId, address who, bytes[] memory acts) internal {
        bytes32[] memory h = DenseModel.hashes(acts);
        vm.prank(who);
        sys.market.submitResult(jobId, acts[acts.length - 1], DenseModel.hidden(h));
    }

    /// @dev A job on the real model won by `who` at 60% of `maxPrice`, with the trace `acts` submitted.
    function _realJob(uint256 maxPrice, address who, bytes[] memory acts) internal returns (uint256 jobId) {
        jobId = _postReal(maxPrice, false);
        _win(jobId, who, maxPrice * 60 / 100);
        _submitTrace(jobId, who, acts);
    }

    /// @dev The provider of dispute `id` reveals its committed layer.
    function _respond(uint256 id) internal {
        IDisputeGame.Dispute memory d = game.getDispute(id);
        bytes memory a = d.disputedHash == keccak256(_lie[LIE_LAYER]) ? _lie[LIE_LAYER] : _honest[LIE_LAYER];
        vm.prank(d.provider);
        game.respond(id, a);
    }

    /// @dev The challenger of dispute `id` proves element `j` of the revealed layer.
    function _prove(uint256 id, uint256 j) internal {
        _proveAs(id, game.getDispute(id).challenger, j);
    }

    /// @dev The provider responds and the challenger proves the lie's element: the game's balance gain.
    function _convict(uint256 id) internal returns (uint256 pot) {
        _respond(id);
        uint256 before = sys.token.balanceOf(address(game));
        _prove(id, LIE_ELEMENT);
        pot = sys.token.balanceOf(address(game)) - before;
    }

    /// @dev The fraud slash of a job's collateral and its unrecoverable part (the treasury's).
    function _slashOf(uint256 collateral) internal view returns (uint256 slash, uint256 floor) {
        slash = collateral * sys.params.fraudSlashBps() / 10_000;
        floor =
            slash - slash * sys.params.challengerShareBps() / 10_000 - slash * sys.params.requesterShareBps() / 10_000;
    }
}

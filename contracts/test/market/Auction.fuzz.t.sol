// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Fixture} from "../utils/Fixture.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {JobStatus} from "../../src/types/JobStatus.sol";

/// @notice The lowest revealed bid wins among N random bidders, prices and reveal orders, with
/// ties broken by keccak256(jobId, bidder); only the winner (and unrevealed bids) keep collateral locked.
contract MarketAuctionFuzzTest is Fixture {
    uint256 internal constant MAX_BIDDERS = 8;

    function _rank(uint256 jobId, address bidder) internal pure returns (bytes32) {
        return keccak256(abi.encode(jobId, bidder));
    }

    /// @param seed drives prices, which bidders reveal, and in which order
    /// @param n number of bidders
    /// @param tieHeavy draw prices from five values only, so that ties are frequent
    function testFuzz_revealBid_lowestRevealedBidWins(uint256 seed, uint256 n, bool tieHeavy) public {
        n = bound(n, 1, MAX_BIDDERS);
        uint256 jobId = _post(_request());
        address[] memory bidders = new address[](n);
        uint256[] memory prices = new uint256[](n);
        bool[] memory reveals = new bool[](n);
        for (uint256 i; i < n; ++i) {
            bidders[i] = _newProvider(string.concat("bidder", vm.toString(i)), STAKE);
            uint256 r = uint256(keccak256(abi.encode(seed, "price", i)));
            uint256 floor = _bidFloor(MAX_PRICE);
            prices[i] = tieHeavy ? floor + (r % 5) * 20e6 : floor + (r % (MAX_PRICE - floor + 1));
            reveals[i] = uint256(keccak256(abi.encode(seed, "reveal", i))) % 4 != 0; // 3 in 4 reveal
            _commit(jobId, bidders[i], prices[i]);
        }
        _toReveal(jobId);
        // reveal in a random order (Fisher-Yates over the indices)
        uint256[] memory order = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            order[i] = i;
        }
        for (uint256 i = n; i > 1; --i) {
            uint256 j = uint256(keccak256(abi.encode(seed, "order", i))) % i;
            (order[i - 1], order[j]) = (order[j], order[i - 1]);
        }
        for (uint256 k; k < n; ++k) {
            uint256 i = order[k];
            if (reveals[i]) _reveal(jobId, bidders[i], prices[i]);
        }

        // the expected winner, computed independently of the market
        address best;
        uint256 bestPrice;
        for (uint256 i; i < n; ++i) {
            if (!reveals[i]) continue;
            if (
                best == address(0) || prices[i] < bestPrice
                    || (prices[i] == bestPrice && _rank(jobId, bidders[i]) < _rank(jobId, best))
            ) {
                (best, bestPrice) = (bidders[i], prices[i]);
            }
        }

        _toSettle(jobId);
        sys.market.settleAuction(jobId);
        IJobMarket.Job memory j = sys.market.getJob(jobId);
        if (best == address(0)) {
            assertEq(uint8(j.status), uint8(JobStatus.Expired));
            assertEq(sys.market.claimable(requester), MAX_PRICE);
        } else {
            assertEq(uint8(j.status), uint8(JobStatus.Assigned));
            assertEq(j.provider, best);
            assertEq(j.price, bestPrice);
            assertEq(j.collateral, _collateral());
        }
        for (uint256 i; i < n; ++i) {
            uint256 locked = sys.staking.stakeOf(bidders[i]).locked;
            // the winner keeps its lock, an unrevealed commitment keeps its own until forfeited
            bool held = bidders[i] == best || !reveals[i];
            assertEq(locked, held ? _collateral() : 0, "only the winner and unrevealed bids are locked");
        }
    }

    /// @dev The tie rule does not depend on who reveals first.
    function testFuzz_revealBid_tieWinnerIsIndependentOfRevealOrder(uint256 price, bool aliceFirst) public {
        price = bound(price, _bidFloor(MAX_PRICE), MAX_PRICE);
        uint256 jobId = _post(_request());
        _commit(jobId, alice, price);
        _commit(jobId, bob, price);
        _toReveal(jobId);
        if (aliceFirst) {
            _reveal(jobId, alice, price);
            _reveal(jobId, bob, price);
        } else {
            _reveal(jobId, bob, price);
            _reveal(jobId, alice, price);
        }
        address expected = _rank(jobId, alice) < _rank(jobId, bob) ? alice : bob;
        assertEq(sys.market.getJob(jobId).provider, expected);
    }
}

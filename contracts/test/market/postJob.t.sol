// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {Fixture} from "../utils/Fixture.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {JobStatus} from "../../src/types/JobStatus.sol";
import {RecordingConsumer} from "../utils/mocks/Consumers.sol";

contract MarketPostJobTest is Fixture {
    function _expectedJob(IJobMarket.JobRequest memory r, bytes32 inputHash)
        internal
        view
        returns (IJobMarket.Job memory j)
    {
        j.requester = requester;
        j.modelId = uint32(r.modelId);
        j.status = JobStatus.Bidding;
        j.reauction = r.reauction;
        j.maxPrice = uint96(r.maxPrice);
        j.collateral = uint96(_collateralFor(r.maxPrice, r.minCollateral));
        j.commitDeadline = uint32(block.timestamp + sys.params.commitWindow());
        j.revealDeadline = uint32(block.timestamp + sys.params.commitWindow() + sys.params.revealWindow());
        j.consumer = r.consumer;
        j.callbackGasLimit = uint32(r.callbackGasLimit);
        j.executionWindow = uint32(r.executionWindow);
        j.inputHash = inputHash;
    }

    function test_postJob_escrowsMaxPriceAndStoresTheJob() public {
        IJobMarket.JobRequest memory r = _request();
        uint256 reqBefore = usd.balanceOf(requester);
        uint256 cd = block.timestamp + 10;
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.JobPosted(1, requester, modelId, r, keccak256(INPUT), INPUT, "", _collateral(), cd, cd + 10);
        uint256 jobId = _post(r);
        vm.snapshotGasLastCall("market", "postJob");
        assertEq(jobId, 1);
        assertEq(sys.market.jobCount(), 1);
        _assertJobEq(sys.market.getJob(jobId), _expectedJob(r, keccak256(INPUT)));
        assertEq(usd.balanceOf(requester), reqBefore - MAX_PRICE);
        assertEq(usd.balanceOf(address(sys.market)), MAX_PRICE);
        assertEq(sys.market.claimable(requester), 0);
    }

    function test_postJob_idsAreSequential() public {
        assertEq(_post(_request()), 1);
        assertEq(_post(_request()), 2);
        assertEq(sys.market.jobCount(), 2);
        assertEq(usd.balanceOf(address(sys.market)), 2 * MAX_PRICE);
    }

    function test_postJob_withConsumerAndReauction() public {
        RecordingConsumer c = new RecordingConsumer();
        IJobMarket.JobRequest memory r = _requestWith(7e6, address(c), sys.market.MAX_CALLBACK_GAS(), true);
        r.executionWindow = sys.params.maxExecutionWindow();
        uint256 jobId = _post(r);
        _assertJobEq(sys.market.getJob(jobId), _expectedJob(r, keccak256(INPUT)));
    }

    /// @dev With a ratio of one VRT wei per payment token wei, the largest price's collateral fits too.
    function test_postJob_acceptsTheLargestPrice() public {
        vm.prank(admin);
        sys.params.setCollateralRatio(1e18);
        uint256 big = type(uint96).max;
        usd.mint(requester, big);
        uint256 jobId = _post(_requestWith(big, address(0), 0, false));
        assertEq(sys.market.getJob(jobId).maxPrice, big);
        assertEq(sys.market.getJob(jobId).collateral, big);
    }

    function test_postJob_RevertWhen_collateralDoesNotFit96Bits() public {
        vm.prank(admin);
        sys.params.setCollateralRatio(1e40);
        uint256 collateral = MAX_PRICE * 1e40 / 1e18;
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketCollateralTooLarge.selector, collateral));
        _post(_request());
    }

    function test_postJob_RevertWhen_requestedCollateralDoesNotFit96Bits() public {
        IJobMarket.JobRequest memory r = _request();
        r.minCollateral = uint256(type(uint96).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketCollateralTooLarge.selector, r.minCollateral));
        _post(r);
    }

    function test_postJobWithUri_storesTheGivenHashAndEmitsTheUri() public {
        IJobMarket.JobRequest memory r = _request();
        bytes32 h = keccak256("big input");
        uint256 cd = block.timestamp + 10;
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.JobPosted(1, requester, modelId, r, h, "", "ipfs://input", _collateral(), cd, cd + 10);
        vm.prank(requester);
        uint256 jobId = sys.market.postJobWithUri(r, "ipfs://input", h);
        vm.snapshotGasLastCall("market", "postJobWithUri");
        _assertJobEq(sys.market.getJob(jobId), _expectedJob(r, h));
        assertEq(usd.balanceOf(address(sys.market)), MAX_PRICE);
    }

    function test_postJob_RevertWhen_paused() public {
        vm.prank(guardian);
        sys.market.setPaused(true);
        vm.expectRevert(IJobMarket.MarketPaused.selector);
        _post(_request());
    }

    function test_postJobWithUri_RevertWhen_paused() public {
        vm.prank(guardian);
        sys.market.setPaused(true);
        vm.expectRevert(IJobMarket.MarketPaused.selector);
        vm.prank(requester);
        sys.market.postJobWithUri(_request(), "ipfs://x", bytes32(uint256(1)));
    }

    function test_postJob_RevertWhen_modelUnknown() public {
        IJobMarket.JobRequest memory r = _request();
        r.modelId = 77;
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketModelInactive.selector, 77));
        _post(r);
    }

    function test_postJob_RevertWhen_modelRetired() public {
        vm.prank(publisher);
        sys.models.retireModel(modelId);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketModelInactive.selector, modelId));
        _post(_request());
    }

    function test_postJob_RevertWhen_maxPriceZero() public {
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketBadPrice.selector, 0));
        _post(_requestWith(0, address(0), 0, false));
    }

    function test_postJob_RevertWhen_maxPriceAbove96Bits() public {
        uint256 p = uint256(type(uint96).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketBadPrice.selector, p));
        _post(_requestWith(p, address(0), 0, false));
    }

    function test_postJob_RevertWhen_executionWindowZero() public {
        IJobMarket.JobRequest memory r = _request();
        r.executionWindow = 0;
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketBadExecutionWindow.selector, 0, 1 hours));
        _post(r);
    }

    function test_postJob_RevertWhen_executionWindowAboveMaximum() public {
        IJobMarket.JobRequest memory r = _request();
        r.executionWindow = 1 hours + 1;
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketBadExecutionWindow.selector, 1 hours + 1, 1 hours));
        _post(r);
    }

    function test_postJob_RevertWhen_callbackGasAboveMaximum() public {
        address c = address(new RecordingConsumer());
        uint256 max = sys.market.MAX_CALLBACK_GAS();
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketBadCallback.selector, c, max + 1, max));
        _post(_requestWith(MAX_PRICE, c, max + 1, false));
    }

    function test_postJob_RevertWhen_callbackGasWithoutConsumer() public {
        uint256 max = sys.market.MAX_CALLBACK_GAS();
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketBadCallback.selector, address(0), 1, max));
        _post(_requestWith(MAX_PRICE, address(0), 1, false));
    }

    function test_postJob_RevertWhen_escrowNotApproved() public {
        address poor = makeAddr("poor");
        usd.mint(poor, MAX_PRICE);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(sys.market), 0, MAX_PRICE)
        );
        vm.prank(poor);
        sys.market.postJob(_request(), INPUT);
    }

    function test_getJob_RevertWhen_unknownJob() public {
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketUnknownJob.selector, 1));
        sys.market.getJob(1);
    }

    function test_bidCommitment_isTheHashOfItsArguments() public view {
        assertEq(
            sys.market.bidCommitment(3, 2, alice, 55, bytes32("s")),
            keccak256(abi.encode(uint256(3), uint8(2), alice, uint256(55), bytes32("s")))
        );
    }
}

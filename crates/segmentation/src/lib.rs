//! segmentation

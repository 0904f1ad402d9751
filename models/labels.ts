/**
 * Class and keypoint names of the default models. COCO's 80 detection classes in the order
 * CenterNet emits class ids (as listed by @vladmandic/human, MIT), and MoveNet's 17 COCO
 * keypoints.
 */
export const COCO_LABELS: readonly string[] = [
  'person', 'bicycle', 'car', 'motorcycle', 'airplane', 'bus', 'train', 'truck', 'boat', 'traffic light',
  'fire hydrant', 'stop sign', 'parking meter', 'bench', 'bird', 'cat', 'dog', 'horse', 'sheep', 'cow',
  'elephant', 'bear', 'zebra', 'giraffe', 'backpack', 'umbrella', 'handbag', 'tie', 'suitcase', 'frisbee',
  'skis', 'snowboard', 'sports ball', 'kite', 'baseball bat', 'baseball glove', 'skateboard', 'surfboard', 'tennis racket', 'bottle',
  'wine glass', 'cup', 'fork', 'knife', 'spoon', 'bowl', 'banana', 'apple', 'sandwich', 'orange',
  'broccoli', 'carrot', 'hot dog', 'pizza', 'donut', 'cake', 'chair', 'couch', 'potted plant', 'bed',
  'dining table', 'toilet', 'tv', 'laptop', 'mouse', 'remote', 'keyboard', 'cell phone', 'microwave', 'oven',
  'toaster', 'sink', 'refrigerator', 'book', 'clock', 'vase', 'scissors', 'teddy bear', 'hair drier', 'toothbrush',
];

/** MoveNet's 17 keypoints, in output order. */
export const MOVENET_KEYPOINTS: readonly string[] = [
  'nose', 'leftEye', 'rightEye', 'leftEar', 'rightEar', 'leftShoulder', 'rightShoulder', 'leftElbow', 'rightElbow',
  'leftWrist', 'rightWrist', 'leftHip', 'rightHip', 'leftKnee', 'rightKnee', 'leftAnkle', 'rightAnkle',
];

/** BlazeFace's 6 landmarks, in output order (subject's right/left). */
export const BLAZEFACE_LANDMARKS: readonly string[] = ['rightEye', 'leftEye', 'nose', 'mouth', 'rightEar', 'leftEar'];

/** nsfwjs's 5 classes, in output order. */
export const NSFW_LABELS: readonly string[] = ['drawing', 'hentai', 'neutral', 'porn', 'sexy'];

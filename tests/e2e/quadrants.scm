; quadrants.scm — for the Script-Fu tests: a 64×48 image of one layer of
; type LAYER-TYPE (e.g. RGB-IMAGE) in four flat quadrants, red, lime, blue
; and yellow.  Returns (image layer).  Script-Fu v3 dialect.
(define (make-quadrants-image layer-type)
  (let* ((image (gimp-image-new 64 48 RGB))
         (layer (gimp-layer-new image "quadrants" 64 48 layer-type 100 LAYER-MODE-NORMAL)))
    (gimp-image-insert-layer image layer 0 0)
    (define (fill-rect x y colour)
      (gimp-image-select-rectangle image CHANNEL-OP-REPLACE x y 32 24)
      (gimp-context-set-foreground colour)
      (gimp-drawable-edit-fill layer FILL-FOREGROUND))
    (fill-rect 0 0 "red")
    (fill-rect 32 0 "lime")
    (fill-rect 0 24 "blue")
    (fill-rect 32 24 "yellow")
    (gimp-selection-none image)
    (list image layer)))

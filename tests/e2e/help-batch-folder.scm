; The manual's Script-Fu recipe, run as written: batch a folder
; (help/en/examples/batch-folder.scm).
(script-fu-use-v3)
(load (string-append script-dir "/../../help/en/examples/batch-folder.scm"))

; Script-Fu cannot make folders: the images go into the test's own GIMP
; profile folder, which holds no other PNG image.
(define work gimp-directory)
(define (make-artwork path colour-a colour-b)
  (let* ((image (gimp-image-new 32 16 RGB))
         (layer (gimp-layer-new image "art" 32 16 RGB-IMAGE 100 LAYER-MODE-NORMAL)))
    (gimp-image-insert-layer image layer 0 0)
    (gimp-context-set-foreground colour-a)
    (gimp-drawable-edit-fill layer FILL-FOREGROUND)
    (gimp-image-select-rectangle image CHANNEL-OP-REPLACE 16 0 16 16)
    (gimp-context-set-foreground colour-b)
    (gimp-drawable-edit-fill layer FILL-FOREGROUND)
    (gimp-selection-none image)
    (gimp-file-save RUN-NONINTERACTIVE image path -1)
    (gimp-image-delete image)))

(make-artwork (string-append work "/one.png") "red" "blue")
(make-artwork (string-append work "/two.png") "white" "black")

(define done (kmeans-segment-folder work work 2))
(if (not (= done 2)) (error "expected 2 images segmented, got" done))

(for-each
  (lambda (stem)
    (let* ((image (gimp-file-load RUN-NONINTERACTIVE (string-append work "/" stem ".xcf")))
           (group (vector-ref (gimp-image-get-layers image) 0))
           (children (gimp-item-get-children group)))
      (if (not (= (vector-length children) 2))
          (error "expected 2 segment layers in" stem))
      (gimp-image-delete image)))
  '("one" "two"))
(display "ok - batch-folder.scm segments every PNG of a folder into an XCF")
(newline)
